import { z } from 'zod';

export const ZPollRunsInput = z.object({ workspaceId: z.uuid(), cursor: z.string().max(100).nullish() });

export const ZPollRunsOutput = z.object({
  changed: z.boolean(),
  cursor: z.string(),
  activeRuns: z.number().int(),
});
