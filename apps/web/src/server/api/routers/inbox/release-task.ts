import { workspaceProcedure } from '@/server/api/trpc';
import { releaseTask } from '@/server/services/inbox/claim-task';
import { ZReleaseTaskInput, ZReleaseTaskOutput } from './release-task.types';

/** Gives a task back to the queue. */
export const releaseTaskProcedure = workspaceProcedure('task:decide')
  .input(ZReleaseTaskInput)
  .output(ZReleaseTaskOutput)
  .mutation(({ ctx, input }) =>
    releaseTask({ db: ctx.db, workspaceId: ctx.workspace.id, taskId: input.taskId, userId: ctx.user.id }),
  );
