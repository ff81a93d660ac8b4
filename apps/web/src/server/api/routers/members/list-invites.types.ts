import { z } from 'zod';
import { ZRole } from './shared.types';

export const ZListInvitesInput = z.object({ workspaceId: z.uuid() });

export const ZListInvitesOutput = z.array(
  z.object({
    id: z.uuid(),
    email: z.string(),
    role: ZRole,
    invitedBy: z.string().nullable(),
    createdAt: z.date(),
    expiresAt: z.date(),
  }),
);
