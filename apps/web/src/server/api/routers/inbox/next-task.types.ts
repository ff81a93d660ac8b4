import { z } from 'zod';
import { listTasksInputSchema, taskListItemSchema } from '@/server/services/inbox/list-tasks';

export const ZNextTaskInput = listTasksInputSchema
  .pick({ view: true, filters: true, sort: true })
  .extend({ workspaceId: z.uuid(), afterTaskId: z.uuid().optional() });
export const ZNextTaskOutput = z.object({
  next: taskListItemSchema.nullable(),
  following: taskListItemSchema.nullable(),
});
