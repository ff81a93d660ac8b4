import { z } from 'zod';

export const ZListTriggerWorkflowsInput = z.object({ workspaceId: z.uuid() });
export const ZListTriggerWorkflowsOutput = z.array(
  z.object({ id: z.uuid(), name: z.string(), published: z.boolean(), backlogLimit: z.number().int().nullable() }),
);
