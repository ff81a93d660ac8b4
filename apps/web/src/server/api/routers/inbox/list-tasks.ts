import { workspaceProcedure } from '@/server/api/trpc';
import { listTasks } from '@/server/services/inbox/list-tasks';
import { ZListTasksInput, ZListTasksOutput } from './list-tasks.types';

/** One inbox view (mine, my groups, all, overdue), filtered and sorted. */
export const listTasksProcedure = workspaceProcedure('task:read')
  .input(ZListTasksInput)
  .output(ZListTasksOutput)
  .query(({ ctx, input }) => {
    const { workspaceId: _ws, ...rest } = input;
    return listTasks({ db: ctx.db, workspaceId: ctx.workspace.id, userId: ctx.user.id, input: rest });
  });
