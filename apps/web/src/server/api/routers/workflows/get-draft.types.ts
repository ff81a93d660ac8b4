import { z } from 'zod';
import { ZGraphIssue } from './shared.types';

export const ZGetDraftInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid() });

export const ZGetDraftOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  templateKey: z.string().nullable(),
  /** Shape-valid (checked on save) but possibly semantically invalid: see `issues`. */
  graph: z.unknown(),
  revision: z.number().int(),
  updatedAt: z.date(),
  issues: z.array(ZGraphIssue).readonly(),
  latestVersion: z
    .object({ id: z.uuid(), version: z.number().int(), createdAt: z.date(), note: z.string(), graphHash: z.string() })
    .nullable(),
  hasUnpublishedChanges: z.boolean(),
  /** What the caller may do here, so the editor hides what the server would refuse. */
  canEdit: z.boolean(),
  canPublish: z.boolean(),
  canRun: z.boolean(),
});
