import { z } from 'zod';
import { runDetailSchema } from '@/server/services/runs/run-views';

export const ZGetRunInput = z.object({ workspaceId: z.uuid(), runId: z.string().min(1).max(100) });

export const ZGetRunOutput = runDetailSchema;
