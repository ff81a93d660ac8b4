import { z } from 'zod';
import { ZGraphIssue, ZRevision } from './shared.types';

export const ZImportJsonInput = z.object({
  workspaceId: z.uuid(),
  /** The file's text; parsed and checked by the service for precise messages. */
  text: z.string().max(2 * 1024 * 1024, 'The file is larger than 2 MB'),
  /** Import into this workflow's draft instead of creating a new workflow. */
  workflowId: z.uuid().optional(),
  expectedRevision: ZRevision.optional(),
});

export const ZImportJsonOutput = z.object({
  workflowId: z.uuid(),
  revision: z.number().int(),
  renamedNodes: z.number().int(),
  issues: z.array(ZGraphIssue).readonly(),
});
