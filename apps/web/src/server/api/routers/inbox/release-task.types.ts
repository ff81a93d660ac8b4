import { z } from 'zod';

export const ZReleaseTaskInput = z.object({ workspaceId: z.uuid(), taskId: z.uuid() });
export const ZReleaseTaskOutput = z.object({ taskId: z.string() });
