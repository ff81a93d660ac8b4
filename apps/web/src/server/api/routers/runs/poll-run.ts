import { workspaceProcedure } from '@/server/api/trpc';
import { pollRun } from '@/server/services/runs/poll-runs';
import { ZPollRunInput, ZPollRunOutput } from './poll-run.types';

/** Cheap "anything new?" for an open run page: the client refetches the detail only when changed. */
export const pollRunProcedure = workspaceProcedure('run:read')
  .input(ZPollRunInput)
  .output(ZPollRunOutput)
  .query(({ ctx, input }) =>
    pollRun({ db: ctx.db, workspaceId: ctx.workspace.id, runId: input.runId, cursor: input.cursor }),
  );
