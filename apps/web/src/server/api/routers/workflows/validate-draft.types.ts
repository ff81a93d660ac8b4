import { z } from 'zod';
import { ZGraphIssue } from './shared.types';

export const ZValidateDraftInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZValidateDraftOutput = z.object({
  revision: z.number().int(),
  ok: z.boolean(),
  issues: z.array(ZGraphIssue).readonly(),
});
