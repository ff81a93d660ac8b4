import { z } from 'zod';

export const ZRevokeInviteInput = z.object({ workspaceId: z.uuid(), invitationId: z.uuid() });
export const ZRevokeInviteOutput = z.object({ id: z.uuid() });
