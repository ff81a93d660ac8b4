import { workspaceProcedure } from '@/server/api/trpc';
import { changeMemberRole } from '@/server/services/members/change-role';
import { ZChangeMemberRoleInput, ZChangeMemberRoleOutput } from './change-member-role.types';

export const changeMemberRoleProcedure = workspaceProcedure('member:manage')
  .input(ZChangeMemberRoleInput)
  .output(ZChangeMemberRoleOutput)
  .mutation(({ ctx, input }) =>
    changeMemberRole({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      actorRole: ctx.membership.role,
      membershipId: input.membershipId,
      role: input.role,
    }),
  );
