import { workspaceProcedure } from '@/server/api/trpc';
import { listTestRuns } from '@/server/services/workflows/test-run-status';
import { ZListTestRunsInput, ZListTestRunsOutput } from './list-test-runs.types';

export const listTestRunsProcedure = workspaceProcedure('run:read')
  .input(ZListTestRunsInput)
  .output(ZListTestRunsOutput)
  .query(({ ctx, input }) => listTestRuns({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId));
