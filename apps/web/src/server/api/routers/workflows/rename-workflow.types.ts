import { z } from 'zod';

export const ZRenameWorkflowInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  name: z.string().max(200),
  description: z.string().max(2000).optional(),
});

export const ZRenameWorkflowOutput = z.object({ id: z.uuid(), name: z.string() });
