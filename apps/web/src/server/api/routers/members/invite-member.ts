import { workspaceProcedure } from '@/server/api/trpc';
import { inviteMember } from '@/server/services/members/invite-member';
import { ZInviteMemberInput, ZInviteMemberOutput } from './invite-member.types';

export const inviteMemberProcedure = workspaceProcedure('member:manage')
  .input(ZInviteMemberInput)
  .output(ZInviteMemberOutput)
  .mutation(async ({ ctx, input }) => {
    const { token, ...invite } = await inviteMember({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      invitedById: ctx.user.id,
      inviterRole: ctx.membership.role,
      email: input.email,
      role: input.role,
    });
    return { ...invite, invitePath: `/invite/${encodeURIComponent(token)}` };
  });
