import { workspaceProcedure } from '@/server/api/trpc';
import { renameWorkspace } from '@/server/services/workspaces/rename-workspace';
import { ZRenameWorkspaceInput, ZRenameWorkspaceOutput } from './rename-workspace.types';

export const renameWorkspaceProcedure = workspaceProcedure('settings:manage')
  .input(ZRenameWorkspaceInput)
  .output(ZRenameWorkspaceOutput)
  .mutation(({ ctx, input }) => renameWorkspace({ db: ctx.db, workspaceId: ctx.workspace.id, name: input.name }));
