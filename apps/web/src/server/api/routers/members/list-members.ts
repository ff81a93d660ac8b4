import { workspaceProcedure } from '@/server/api/trpc';
import { listMembers } from '@/server/services/members/list-members';
import { ZListMembersInput, ZListMembersOutput } from './list-members.types';

export const listMembersProcedure = workspaceProcedure('member:read')
  .input(ZListMembersInput)
  .output(ZListMembersOutput)
  .query(({ ctx }) => listMembers({ db: ctx.db, workspaceId: ctx.workspace.id }));
