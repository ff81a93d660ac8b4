import { workspaceProcedure } from '@/server/api/trpc';
import { getTask } from '@/server/services/inbox/get-task';
import { ZGetTaskInput, ZGetTaskOutput } from './get-task.types';

/** A task with its evidence, reason codes, claim, decision and earlier decisions on the same claim. */
export const getTaskProcedure = workspaceProcedure('task:read')
  .input(ZGetTaskInput)
  .output(ZGetTaskOutput)
  .query(({ ctx, input }) => getTask({ db: ctx.db, workspaceId: ctx.workspace.id, taskId: input.taskId }));
