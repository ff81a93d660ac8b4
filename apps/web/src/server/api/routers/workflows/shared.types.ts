import { z } from 'zod';
import { GRAPH_ISSUE_CODES } from '@conveyor/engine';

/** Zod shapes several workflow procedures share. */
export const ZGraphIssue = z.object({
  code: z.enum(GRAPH_ISSUE_CODES),
  path: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeIndex: z.number().optional(),
  port: z.string().optional(),
  nodeIds: z.array(z.string()).readonly().optional(),
});

export const ZWorkflowRef = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZRevision = z.number().int().min(0);
