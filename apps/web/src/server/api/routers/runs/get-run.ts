import { workspaceProcedure } from '@/server/api/trpc';
import { getRun } from '@/server/services/runs/get-run';
import { ZGetRunInput, ZGetRunOutput } from './get-run.types';

/** One run with its steps, attempts, models, audit trail (chain checked), deliveries and tasks. */
export const getRunProcedure = workspaceProcedure('run:read')
  .input(ZGetRunInput)
  .output(ZGetRunOutput)
  .query(({ ctx, input }) => getRun({ db: ctx.db, workspaceId: ctx.workspace.id, runId: input.runId }));
