import { z } from 'zod';

export const ZCancelRunInput = z.object({ workspaceId: z.uuid(), runId: z.uuid() });

export const ZCancelRunOutput = z.object({ runId: z.uuid() });
