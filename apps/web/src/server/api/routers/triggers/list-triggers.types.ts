import { z } from 'zod';
import { triggerViewSchema } from '@/server/services/triggers/trigger-view';

export const ZListTriggersInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid().optional() });
export const ZListTriggersOutput = z.array(triggerViewSchema);
