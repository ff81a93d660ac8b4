import { router } from '@/server/api/trpc';
import { acceptInviteProcedure } from './accept-invite';
import { acceptInviteWithNewAccountProcedure } from './accept-invite-with-new-account';
import { changeMemberRoleProcedure } from './change-member-role';
import { inviteMemberProcedure } from './invite-member';
import { listInvitesProcedure } from './list-invites';
import { listMembersProcedure } from './list-members';
import { previewInviteProcedure } from './preview-invite';
import { removeMemberProcedure } from './remove-member';
import { revokeInviteProcedure } from './revoke-invite';

export const membersRouter = router({
  list: listMembersProcedure,
  listInvites: listInvitesProcedure,
  invite: inviteMemberProcedure,
  revokeInvite: revokeInviteProcedure,
  changeRole: changeMemberRoleProcedure,
  remove: removeMemberProcedure,
  previewInvite: previewInviteProcedure,
  acceptInvite: acceptInviteProcedure,
  acceptInviteWithNewAccount: acceptInviteWithNewAccountProcedure,
});
