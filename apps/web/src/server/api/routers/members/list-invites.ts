import { workspaceProcedure } from '@/server/api/trpc';
import { listPendingInvites } from '@/server/services/members/list-invites';
import { ZListInvitesInput, ZListInvitesOutput } from './list-invites.types';

/** Pending invitations (emails of people not yet in the workspace): managers only. */
export const listInvitesProcedure = workspaceProcedure('member:manage')
  .input(ZListInvitesInput)
  .output(ZListInvitesOutput)
  .query(({ ctx }) => listPendingInvites({ db: ctx.db, workspaceId: ctx.workspace.id }));
