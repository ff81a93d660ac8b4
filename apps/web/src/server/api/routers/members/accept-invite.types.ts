import { z } from 'zod';
import { ZInviteToken } from './preview-invite.types';

export const ZAcceptInviteInput = z.object({ token: ZInviteToken });
export const ZAcceptInviteOutput = z.object({ workspaceSlug: z.string() });

export const ZAcceptInviteWithNewAccountInput = z.object({
  token: ZInviteToken,
  name: z.string().trim().min(1, 'Enter your name').max(100),
  password: z.string().min(10, 'At least 10 characters').max(200),
});
export const ZAcceptInviteWithNewAccountOutput = z.object({ workspaceSlug: z.string(), email: z.string() });
