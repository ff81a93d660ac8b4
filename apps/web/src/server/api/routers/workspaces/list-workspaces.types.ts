import { z } from 'zod';

export const ZListWorkspacesOutput = z.array(
  z.object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    role: z.enum(['owner', 'admin', 'editor', 'reviewer', 'viewer']),
  }),
);
