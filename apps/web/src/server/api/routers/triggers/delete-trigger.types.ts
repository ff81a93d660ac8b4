import { z } from 'zod';

export const ZDeleteTriggerInput = z.object({ workspaceId: z.uuid(), triggerId: z.uuid() });
export const ZDeleteTriggerOutput = z.object({ id: z.uuid() });
