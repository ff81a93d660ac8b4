import { z } from 'zod';

export const ZListTestRunsInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZListTestRunsOutput = z.array(
  z.object({ id: z.uuid(), status: z.string(), createdAt: z.date(), finishedAt: z.date().nullable() }),
);
