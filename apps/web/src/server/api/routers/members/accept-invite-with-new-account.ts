import { publicProcedure } from '@/server/api/trpc';
import { acceptInviteWithNewAccount } from '@/server/services/members/accept-invite';
import { ZAcceptInviteWithNewAccountInput, ZAcceptInviteWithNewAccountOutput } from './accept-invite.types';

/** Public: creates the account for the invited email; the client then signs in. */
export const acceptInviteWithNewAccountProcedure = publicProcedure
  .input(ZAcceptInviteWithNewAccountInput)
  .output(ZAcceptInviteWithNewAccountOutput)
  .mutation(({ ctx, input }) =>
    acceptInviteWithNewAccount({ db: ctx.db, token: input.token, name: input.name, password: input.password }),
  );
