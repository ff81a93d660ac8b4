import { z } from 'zod';
import { overrideStatsSchema } from '@/server/services/inbox/export-dataset';

export const ZOverrideStatsInput = z.object({
  workspaceId: z.uuid(),
  days: z.number().int().min(1).max(365).default(30),
});
export const ZOverrideStatsOutput = overrideStatsSchema;
