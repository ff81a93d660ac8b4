import { z } from 'zod';

export const ZRemoveMemberInput = z.object({ workspaceId: z.uuid(), membershipId: z.uuid() });
export const ZRemoveMemberOutput = z.object({ membershipId: z.uuid() });
