import { router } from '@/server/api/trpc';
import { createWorkspaceProcedure } from './create-workspace';
import { getShellSummaryProcedure } from './get-shell-summary';
import { listWorkspacesProcedure } from './list-workspaces';
import { renameWorkspaceProcedure } from './rename-workspace';

export const workspacesRouter = router({
  list: listWorkspacesProcedure,
  create: createWorkspaceProcedure,
  rename: renameWorkspaceProcedure,
  shellSummary: getShellSummaryProcedure,
});
