import { z } from 'zod';

export const ZListVersionsInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZListVersionsOutput = z.array(
  z.object({
    id: z.uuid(),
    version: z.number().int(),
    note: z.string(),
    graphHash: z.string(),
    createdAt: z.date(),
    createdBy: z.string().nullable(),
    runCount: z.number().int(),
    nodeCount: z.number().int(),
  }),
);
