import { z } from 'zod';
import { ROLES } from '@/server/auth/permissions';
import { apiTokenViewSchema } from '@/server/services/api-tokens/api-token-view';

export const ZCreateTokenInput = z.object({
  workspaceId: z.uuid(),
  name: z.string().trim().min(1, 'Name the token after what uses it, e.g. "Claims portal"').max(100),
  role: z.enum(ROLES),
  /** Days until it stops working; omitted = no expiry. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
/** `token` is returned once, here. */
export const ZCreateTokenOutput = z.object({ token: z.string(), apiToken: apiTokenViewSchema });
