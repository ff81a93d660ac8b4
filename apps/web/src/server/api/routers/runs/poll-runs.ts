import { workspaceProcedure } from '@/server/api/trpc';
import { pollRuns } from '@/server/services/runs/poll-runs';
import { ZPollRunsInput, ZPollRunsOutput } from './poll-runs.types';

/** Cheap "anything new?" for the runs list: newest audit event of the workspace and active runs. */
export const pollRunsProcedure = workspaceProcedure('run:read')
  .input(ZPollRunsInput)
  .output(ZPollRunsOutput)
  .query(({ ctx, input }) => pollRuns({ db: ctx.db, workspaceId: ctx.workspace.id, cursor: input.cursor }));
