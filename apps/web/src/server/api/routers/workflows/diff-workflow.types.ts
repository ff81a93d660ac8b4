import { z } from 'zod';

const ZGraphRef = z.union([z.literal('draft'), z.literal('latest'), z.object({ versionId: z.uuid() })]);

export const ZDiffWorkflowInput = z.object({
  workspaceId: z.uuid(),
  workflowId: z.uuid(),
  from: ZGraphRef.default('latest'),
  to: ZGraphRef.default('draft'),
});

const ZNodeSummary = z.object({ id: z.string(), type: z.string(), label: z.string().nullable() });
const ZEdgeSummary = z.object({
  from: z.object({ node: z.string(), port: z.string() }),
  to: z.object({ node: z.string(), port: z.string() }),
});

export const ZDiffWorkflowOutput = z.object({
  fromLabel: z.string(),
  toLabel: z.string(),
  nodes: z.object({
    added: z.array(ZNodeSummary),
    removed: z.array(ZNodeSummary),
    changed: z.array(
      ZNodeSummary.extend({
        fields: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
        labelChange: z.object({ before: z.string().nullable(), after: z.string().nullable() }).nullable(),
        typeVersionChange: z.object({ before: z.number(), after: z.number() }).nullable(),
        moved: z.boolean(),
      }),
    ),
  }),
  edges: z.object({ added: z.array(ZEdgeSummary), removed: z.array(ZEdgeSummary) }),
  layoutOnly: z.boolean(),
  identical: z.boolean(),
});
