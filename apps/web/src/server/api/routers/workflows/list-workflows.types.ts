import { z } from 'zod';

export const ZListWorkflowsInput = z.object({ workspaceId: z.uuid(), query: z.string().max(200).optional() });

export const ZListWorkflowsOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    templateKey: z.string().nullable(),
    nodeCount: z.number().int(),
    draftRevision: z.number().int(),
    draftUpdatedAt: z.date(),
    createdAt: z.date(),
    latestVersion: z.object({ version: z.number().int(), createdAt: z.date(), note: z.string() }).nullable(),
    hasUnpublishedChanges: z.boolean(),
    lastRunAt: z.date().nullable(),
  }),
);
