import { workspaceProcedure } from '@/server/api/trpc';
import { listVersions } from '@/server/services/workflows/workflow-versions';
import { ZListVersionsInput, ZListVersionsOutput } from './list-versions.types';

/** Published versions, newest first (test-run snapshots are not versions and are not listed). */
export const listVersionsProcedure = workspaceProcedure('workflow:read')
  .input(ZListVersionsInput)
  .output(ZListVersionsOutput)
  .query(({ ctx, input }) => listVersions({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId));
