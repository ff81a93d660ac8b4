import { z } from 'zod';
import { triggerSettingsSchema } from './trigger-settings.ts';

/** A trigger as the settings page and the API show it: never the secret. */
export const triggerViewSchema = z.object({
  id: z.uuid(),
  workflowId: z.uuid(),
  workflowName: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  callbackUrl: z.string().nullable(),
  settings: triggerSettingsSchema,
  hasSecret: z.boolean(),
  secretRotatedAt: z.date().nullable(),
  createdAt: z.date(),
  /** Path of the webhook endpoint (the page prefixes its origin). */
  path: z.string(),
  /** Whether the workflow has a published version (a trigger of an unpublished one answers 409). */
  published: z.boolean(),
});
export type TriggerView = z.infer<typeof triggerViewSchema>;

export const callbackUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Use an http(s) URL, e.g. https://claims.example.com/conveyor/callback');

export const hookPath = (triggerId: string) => `/api/hooks/${triggerId}`;
