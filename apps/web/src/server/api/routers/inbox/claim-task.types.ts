import { z } from 'zod';

export const ZClaimTaskInput = z.object({
  workspaceId: z.uuid(),
  taskId: z.uuid(),
  /** Lease length; the task page renews well before it runs out. */
  leaseMs: z.number().int().min(5_000).max(3_600_000).optional(),
});
export const ZClaimTaskOutput = z.object({ taskId: z.string(), leaseExpiresAt: z.string() });
