import { workspaceProcedure } from '@/server/api/trpc';
import { getEngine } from '@/server/engine';
import { cancelRun } from '@/server/services/runs/control-run';
import { ZCancelRunInput, ZCancelRunOutput } from './cancel-run.types';

/** Cancels a queued, running or waiting run; a finished one is a CONFLICT (reason run_state). */
export const cancelRunProcedure = workspaceProcedure('run:cancel')
  .input(ZCancelRunInput)
  .output(ZCancelRunOutput)
  .mutation(async ({ ctx, input }) =>
    cancelRun({
      db: ctx.db,
      engine: (await getEngine()).engine,
      workspaceId: ctx.workspace.id,
      runId: input.runId,
      userId: ctx.user.id,
    }),
  );
