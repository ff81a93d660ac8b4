import { workspaceProcedure } from '@/server/api/trpc';
import { removeMember } from '@/server/services/members/remove-member';
import { ZRemoveMemberInput, ZRemoveMemberOutput } from './remove-member.types';

export const removeMemberProcedure = workspaceProcedure('member:manage')
  .input(ZRemoveMemberInput)
  .output(ZRemoveMemberOutput)
  .mutation(({ ctx, input }) =>
    removeMember({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      actorRole: ctx.membership.role,
      membershipId: input.membershipId,
    }),
  );
