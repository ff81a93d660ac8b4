import { workspaceProcedure } from '@/server/api/trpc';
import { overrideStats } from '@/server/services/inbox/export-dataset';
import { ZOverrideStatsInput, ZOverrideStatsOutput } from './override-stats.types';

/** How often reviewers overrode the models, per human-task node and model version. */
export const overrideStatsProcedure = workspaceProcedure('task:read')
  .input(ZOverrideStatsInput)
  .output(ZOverrideStatsOutput)
  .query(({ ctx, input }) => overrideStats({ db: ctx.db, workspaceId: ctx.workspace.id, days: input.days }));
