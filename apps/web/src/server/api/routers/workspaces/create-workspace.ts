import { authedProcedure } from '@/server/api/trpc';
import { createWorkspace } from '@/server/services/workspaces/create-workspace';
import { ZCreateWorkspaceInput, ZCreateWorkspaceOutput } from './create-workspace.types';

/** Any signed-in user may create a workspace; they become its owner. */
export const createWorkspaceProcedure = authedProcedure
  .input(ZCreateWorkspaceInput)
  .output(ZCreateWorkspaceOutput)
  .mutation(async ({ ctx, input }) => {
    const ws = await createWorkspace({ db: ctx.db, userId: ctx.user.id, name: input.name, slug: input.slug });
    return { ...ws, role: 'owner' as const };
  });
