import { z } from 'zod';

export const ZGetShellSummaryInput = z.object({ workspaceId: z.uuid() });
export const ZGetShellSummaryOutput = z.object({ openTasks: z.number().int().min(0) });
