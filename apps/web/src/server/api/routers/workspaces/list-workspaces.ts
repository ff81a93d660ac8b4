import { authedProcedure } from '@/server/api/trpc';
import { listMyWorkspaces } from '@/server/services/workspaces/list-my-workspaces';
import { ZListWorkspacesOutput } from './list-workspaces.types';

/** The caller's workspaces (the switcher). */
export const listWorkspacesProcedure = authedProcedure
  .output(ZListWorkspacesOutput)
  .query(({ ctx }) => listMyWorkspaces({ db: ctx.db, userId: ctx.user.id }));
