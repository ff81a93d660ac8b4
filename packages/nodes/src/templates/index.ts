import { warrantyTriageTemplate } from './warranty-triage.js';
import type { WorkflowTemplate } from './workflow-template.js';

export const templates: readonly WorkflowTemplate[] = Object.freeze([warrantyTriageTemplate]);
