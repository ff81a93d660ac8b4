import { z } from 'zod';
import { taskDetailSchema } from '@/server/services/inbox/get-task';

export const ZGetTaskInput = z.object({ workspaceId: z.uuid(), taskId: z.uuid() });
export const ZGetTaskOutput = taskDetailSchema;
