import { z } from 'zod';
import { taskCountsSchema } from '@/server/services/inbox/list-tasks';
import { taskFiltersSchema } from '@/server/services/inbox/task-filters';

export const ZCountTasksInput = z.object({ workspaceId: z.uuid(), filters: taskFiltersSchema.default({}) });
export const ZCountTasksOutput = taskCountsSchema;
