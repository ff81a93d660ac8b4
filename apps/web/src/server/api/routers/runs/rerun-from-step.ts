import { workspaceProcedure } from '@/server/api/trpc';
import { getEngine } from '@/server/engine';
import { rerunRunFromStep } from '@/server/services/runs/control-run';
import { ZRerunFromStepInput, ZRerunFromStepOutput } from './rerun-from-step.types';

/**
 * Starts a new run of the same version from one node, keeping the settled steps upstream
 * of it: starting a run, so it needs run:start.
 */
export const rerunFromStepProcedure = workspaceProcedure('run:start')
  .input(ZRerunFromStepInput)
  .output(ZRerunFromStepOutput)
  .mutation(async ({ ctx, input }) =>
    rerunRunFromStep({
      db: ctx.db,
      engine: (await getEngine()).engine,
      workspaceId: ctx.workspace.id,
      runId: input.runId,
      nodeId: input.nodeId,
      userId: ctx.user.id,
    }),
  );
