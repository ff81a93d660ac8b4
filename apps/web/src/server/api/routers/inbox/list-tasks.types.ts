import { z } from 'zod';
import { listTasksInputSchema, listTasksOutputSchema } from '@/server/services/inbox/list-tasks';

export const ZListTasksInput = listTasksInputSchema.extend({ workspaceId: z.uuid() });
export const ZListTasksOutput = listTasksOutputSchema;
