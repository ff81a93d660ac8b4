import { z } from 'zod';
import { NODE_ID_PATTERN } from '@conveyor/engine';

export const ZRerunFromStepInput = z.object({
  workspaceId: z.uuid(),
  runId: z.uuid(),
  nodeId: z.string().regex(NODE_ID_PATTERN, 'Not a node id'),
});

/** The new run's id. */
export const ZRerunFromStepOutput = z.object({ runId: z.uuid() });
