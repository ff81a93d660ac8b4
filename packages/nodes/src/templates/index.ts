import { warrantyTriageTemplate } from './warranty-triage.ts';
import type { WorkflowTemplate } from './workflow-template.ts';

export const templates: readonly WorkflowTemplate[] = Object.freeze([warrantyTriageTemplate]);
