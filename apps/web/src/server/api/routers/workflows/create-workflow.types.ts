import { z } from 'zod';

export const ZCreateWorkflowInput = z.object({
  workspaceId: z.uuid(),
  name: z.string().max(120).optional(),
  description: z.string().max(2000).optional(),
  /** Start from a template (e.g. `warranty-triage`) instead of a blank canvas. */
  templateKey: z.string().max(64).optional(),
});

export const ZCreateWorkflowOutput = z.object({ id: z.uuid(), name: z.string(), draftRevision: z.number().int() });
