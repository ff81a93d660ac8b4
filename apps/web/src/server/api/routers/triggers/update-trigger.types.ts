import { z } from 'zod';
import { callbackUrlSchema, triggerViewSchema } from '@/server/services/triggers/trigger-view';
import { ZTriggerSettingsInput } from './trigger-settings-input.types';

export const ZUpdateTriggerInput = z.object({
  workspaceId: z.uuid(),
  triggerId: z.uuid(),
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  /** '' or null removes the callback. */
  callbackUrl: callbackUrlSchema.nullish().or(z.literal('')),
  settings: ZTriggerSettingsInput.optional(),
});
export const ZUpdateTriggerOutput = triggerViewSchema;
