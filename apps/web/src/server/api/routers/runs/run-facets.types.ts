import { z } from 'zod';

export const ZRunFacetsInput = z.object({ workspaceId: z.uuid() });

export const ZRunFacetsOutput = z.object({
  workflows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      deleted: z.boolean(),
      versions: z.array(z.object({ id: z.string(), number: z.number().int(), published: z.boolean() })),
    }),
  ),
});
