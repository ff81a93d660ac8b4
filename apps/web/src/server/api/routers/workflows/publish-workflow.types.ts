import { z } from 'zod';
import { ZRevision } from './shared.types';

export const ZPublishWorkflowInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  /** The draft revision the analyst reviewed; a newer save makes this a CONFLICT. */
  expectedRevision: ZRevision.optional(),
  note: z.string().max(2000).default(''),
});

export const ZPublishWorkflowOutput = z.object({
  id: z.uuid(),
  version: z.number().int(),
  graphHash: z.string(),
  createdAt: z.date(),
  note: z.string(),
});
