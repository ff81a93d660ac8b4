import { z } from 'zod';
import { ZGraphIssue, ZRevision } from './shared.types';

export const ZSaveDraftInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  /** Checked against the graph schema by the service, with paths in the error. */
  graph: z.unknown(),
  /** The revision this edit is based on; another save since then is a CONFLICT. */
  expectedRevision: ZRevision,
});

export const ZSaveDraftOutput = z.object({
  revision: z.number().int(),
  updatedAt: z.date(),
  issues: z.array(ZGraphIssue).readonly(),
});
