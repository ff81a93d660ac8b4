import { z } from 'zod';
import { decideInputSchema, decideOutputSchema } from '@/server/services/inbox/decide-task';

export const ZDecideTaskInput = decideInputSchema.extend({ workspaceId: z.uuid(), taskId: z.uuid() });
export const ZDecideTaskOutput = decideOutputSchema;
