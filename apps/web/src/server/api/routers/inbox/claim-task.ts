import { workspaceProcedure } from '@/server/api/trpc';
import { claimTask } from '@/server/services/inbox/claim-task';
import { ZClaimTaskInput, ZClaimTaskOutput } from './claim-task.types';

/** Claims (or renews the claim on) a task; CONFLICT claimed_by_other / task_closed otherwise. */
export const claimTaskProcedure = workspaceProcedure('task:decide')
  .input(ZClaimTaskInput)
  .output(ZClaimTaskOutput)
  .mutation(({ ctx, input }) =>
    claimTask({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      taskId: input.taskId,
      userId: ctx.user.id,
      ...(input.leaseMs ? { leaseMs: input.leaseMs } : {}),
    }),
  );
