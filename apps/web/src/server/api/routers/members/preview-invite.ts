import { publicProcedure } from '@/server/api/trpc';
import { previewInvite } from '@/server/services/members/accept-invite';
import { ZPreviewInviteInput, ZPreviewInviteOutput } from './preview-invite.types';

/** Public: the token itself is the credential (24 random bytes, stored hashed). */
export const previewInviteProcedure = publicProcedure
  .input(ZPreviewInviteInput)
  .output(ZPreviewInviteOutput)
  .query(({ ctx, input }) => previewInvite({ db: ctx.db, token: input.token }));
