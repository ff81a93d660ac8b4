import { authedProcedure } from '@/server/api/trpc';
import { acceptInvite } from '@/server/services/members/accept-invite';
import { ZAcceptInviteInput, ZAcceptInviteOutput } from './accept-invite.types';

export const acceptInviteProcedure = authedProcedure
  .input(ZAcceptInviteInput)
  .output(ZAcceptInviteOutput)
  .mutation(({ ctx, input }) => acceptInvite({ db: ctx.db, token: input.token, userId: ctx.user.id }));
