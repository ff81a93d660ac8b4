import { z } from 'zod';
import { ZRole } from './shared.types';

export const ZListMembersInput = z.object({ workspaceId: z.uuid() });

export const ZListMembersOutput = z.array(
  z.object({
    membershipId: z.uuid(),
    userId: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: ZRole,
    joinedAt: z.date(),
  }),
);
