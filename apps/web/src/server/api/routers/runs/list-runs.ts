import { workspaceProcedure } from '@/server/api/trpc';
import { listRuns } from '@/server/services/runs/list-runs';
import { ZListRunsInput, ZListRunsOutput } from './list-runs.types';

/** The workspace's runs, newest first, filtered, one keyset page at a time. */
export const listRunsProcedure = workspaceProcedure('run:read')
  .input(ZListRunsInput)
  .output(ZListRunsOutput)
  .query(({ ctx, input }) =>
    listRuns({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      filters: input.filters,
      cursor: input.cursor,
      limit: input.limit,
    }),
  );
