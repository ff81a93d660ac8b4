import { z } from 'zod';

/**
 * What a webhook trigger may tune, stored in `triggers.settings`. Defaults are what a new
 * trigger gets; the settings page edits them within these bounds.
 */
export const triggerSettingsSchema = z.object({
  /** Largest JSON body. */
  maxJsonBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest multipart body (all files together); each file is also held to the media limit. */
  maxUploadBytes: z
    .number()
    .int()
    .min(1024)
    .max(2 * 1024 * 1024 * 1024)
    .default(100 * 1024 * 1024),
  /** Files (uploaded or by URL) in one request. */
  maxFiles: z.number().int().min(0).max(50).default(10),
  /** Steady request rate per trigger (token bucket refill), per web process. */
  ratePerSecond: z.number().min(0.1).max(10_000).default(50),
  /** Requests allowed in a burst above the steady rate. */
  burst: z.number().int().min(1).max(100_000).default(200),
  /** Ceiling for `Prefer: wait=N`. */
  maxWaitSeconds: z.number().int().min(0).max(60).default(60),
});

export type TriggerSettings = z.infer<typeof triggerSettingsSchema>;

/** Stored settings → effective ones; unknown or out-of-range values fall back to defaults. */
export function readTriggerSettings(stored: unknown): TriggerSettings {
  const base = triggerSettingsSchema.parse({});
  if (!stored || typeof stored !== 'object') return base;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(stored)) {
    if (!(key in base)) continue;
    const field = triggerSettingsSchema.shape[key as keyof TriggerSettings];
    const parsed = field.safeParse(value);
    if (parsed.success) result[key] = parsed.data;
  }
  return result as TriggerSettings;
}
