import { workspaceProcedure } from '@/server/api/trpc';
import { revokeInvite } from '@/server/services/members/revoke-invite';
import { ZRevokeInviteInput, ZRevokeInviteOutput } from './revoke-invite.types';

export const revokeInviteProcedure = workspaceProcedure('member:manage')
  .input(ZRevokeInviteInput)
  .output(ZRevokeInviteOutput)
  .mutation(({ ctx, input }) =>
    revokeInvite({ db: ctx.db, workspaceId: ctx.workspace.id, invitationId: input.invitationId }),
  );
