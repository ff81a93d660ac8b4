import { z } from 'zod';
import { ZRole } from './shared.types';

export const ZInviteMemberInput = z.object({
  workspaceId: z.uuid(),
  email: z.string().trim().max(254).pipe(z.email('Enter a valid email address')),
  role: ZRole,
});

export const ZInviteMemberOutput = z.object({
  invitationId: z.uuid(),
  email: z.string(),
  role: ZRole,
  expiresAt: z.date(),
  /** Shown once: only its hash is stored. The UI prefixes the origin. */
  invitePath: z.string(),
});
