import { z } from 'zod';
import { ZRole } from './shared.types';

export const ZInviteToken = z.string().min(10).max(200);

export const ZPreviewInviteInput = z.object({ token: ZInviteToken });

export const ZPreviewInviteOutput = z.object({
  workspaceName: z.string(),
  workspaceSlug: z.string(),
  email: z.string(),
  role: ZRole,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invitedBy: z.string().nullable(),
  expiresAt: z.date(),
  accountExists: z.boolean(),
});
