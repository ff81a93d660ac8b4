import { z } from 'zod';
import { runFiltersSchema } from '@/server/services/runs/list-runs';
import { runListItemSchema } from '@/server/services/runs/run-views';

export const ZListRunsInput = z.object({
  workspaceId: z.uuid(),
  filters: runFiltersSchema.optional(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const ZListRunsOutput = z.object({
  items: z.array(runListItemSchema),
  nextCursor: z.string().nullable(),
});
