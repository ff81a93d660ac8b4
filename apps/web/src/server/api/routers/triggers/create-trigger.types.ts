import { z } from 'zod';
import { callbackUrlSchema, triggerViewSchema } from '@/server/services/triggers/trigger-view';
import { ZTriggerSettingsInput } from './trigger-settings-input.types';

export const ZCreateTriggerInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  name: z.string().trim().min(1, 'Name the trigger, e.g. "Claims portal"').max(100),
  callbackUrl: callbackUrlSchema.nullish().or(z.literal('')),
  settings: ZTriggerSettingsInput.optional(),
});
/** `secret` is returned once, here; it is never readable again. */
export const ZCreateTriggerOutput = z.object({ trigger: triggerViewSchema, secret: z.string() });
