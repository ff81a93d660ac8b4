import { workspaceProcedure } from '@/server/api/trpc';
import { getTestRunStatus } from '@/server/services/workflows/test-run-status';
import { ZTestRunStatusInput, ZTestRunStatusOutput } from './test-run-status.types';

/** What the editor polls (~500 ms) during a test run: the run and each node's step. */
export const testRunStatusProcedure = workspaceProcedure('run:read')
  .input(ZTestRunStatusInput)
  .output(ZTestRunStatusOutput)
  .query(({ ctx, input }) =>
    getTestRunStatus(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      { workflowId: input.workflowId, runId: input.runId },
    ),
  );
