import { workspaceProcedure } from '@/server/api/trpc';
import { nextTasks } from '@/server/services/inbox/list-tasks';
import { ZNextTaskInput, ZNextTaskOutput } from './next-task.types';

/** The task after this one in the reviewer's view (skipping others' claims) and the one after, to preload. */
export const nextTaskProcedure = workspaceProcedure('task:read')
  .input(ZNextTaskInput)
  .output(ZNextTaskOutput)
  .query(({ ctx, input }) =>
    nextTasks({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      userId: ctx.user.id,
      input: { view: input.view, filters: input.filters, sort: input.sort },
      ...(input.afterTaskId ? { afterTaskId: input.afterTaskId } : {}),
    }),
  );
