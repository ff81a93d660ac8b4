import { workspaceProcedure } from '@/server/api/trpc';
import { countTasks } from '@/server/services/inbox/list-tasks';
import { ZCountTasksInput, ZCountTasksOutput } from './count-tasks.types';

/** Live counts of every inbox view with the current filters. */
export const countTasksProcedure = workspaceProcedure('task:read')
  .input(ZCountTasksInput)
  .output(ZCountTasksOutput)
  .query(({ ctx, input }) =>
    countTasks({ db: ctx.db, workspaceId: ctx.workspace.id, userId: ctx.user.id, filters: input.filters }),
  );
