import { z } from 'zod';

export const ZCreateWorkspaceInput = z.object({
  name: z.string().trim().min(2, 'At least 2 characters').max(80),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'Lowercase letters, digits and dashes')
    .optional(),
});

export const ZCreateWorkspaceOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  role: z.literal('owner'),
});
