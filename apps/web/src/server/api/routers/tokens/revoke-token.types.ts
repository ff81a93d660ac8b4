import { z } from 'zod';

export const ZRevokeTokenInput = z.object({ workspaceId: z.uuid(), tokenId: z.uuid() });
export const ZRevokeTokenOutput = z.object({ revokedAt: z.date() });
