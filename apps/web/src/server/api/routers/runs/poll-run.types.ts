import { z } from 'zod';

export const ZPollRunInput = z.object({
  workspaceId: z.uuid(),
  runId: z.string().min(1).max(100),
  /** The `cursor` of the last getRun (or poll) the client holds. */
  cursor: z.string().max(100).nullish(),
});

export const ZPollRunOutput = z.object({ changed: z.boolean(), cursor: z.string(), status: z.string() });
