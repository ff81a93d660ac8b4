import { z } from 'zod';

export const ZRotateTriggerSecretInput = z.object({ workspaceId: z.uuid(), triggerId: z.uuid() });
/** The new secret, shown once. */
export const ZRotateTriggerSecretOutput = z.object({ secret: z.string(), rotatedAt: z.date() });
