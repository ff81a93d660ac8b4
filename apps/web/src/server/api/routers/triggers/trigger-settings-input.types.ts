import { triggerSettingsSchema } from '@/server/services/triggers/trigger-settings';

/** The limits a settings form may change (each optional; omitted ones keep their value). */
export const ZTriggerSettingsInput = triggerSettingsSchema.partial();
