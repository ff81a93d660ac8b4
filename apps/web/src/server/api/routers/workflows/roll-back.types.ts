import { z } from 'zod';
import { ZGraphIssue, ZRevision } from './shared.types';

export const ZRollBackInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  versionId: z.uuid(),
  expectedRevision: ZRevision,
});

export const ZRollBackOutput = z.object({
  revision: z.number().int(),
  updatedAt: z.date(),
  version: z.number().int(),
  graph: z.unknown(),
  issues: z.array(ZGraphIssue).readonly(),
});
