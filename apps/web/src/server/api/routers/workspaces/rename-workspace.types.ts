import { z } from 'zod';

export const ZRenameWorkspaceInput = z.object({
  workspaceId: z.uuid(),
  name: z.string().trim().min(2, 'At least 2 characters').max(80),
});

export const ZRenameWorkspaceOutput = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
