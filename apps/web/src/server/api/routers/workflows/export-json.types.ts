import { z } from 'zod';

export const ZExportJsonInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZExportJsonOutput = z.object({
  format: z.literal('conveyor.workflow'),
  formatVersion: z.literal(1),
  name: z.string(),
  description: z.string(),
  exportedAt: z.string().optional(),
  graph: z.unknown(),
});
