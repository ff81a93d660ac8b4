import { z } from 'zod';

export const ZDeleteWorkflowInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZDeleteWorkflowOutput = z.object({ id: z.uuid() });
