import { type Prisma } from '@conveyor/db';
import { validateGraph, workflowGraphSchema, type GraphIssue, type WorkflowGraph } from '@conveyor/engine';
import { nodeCatalog } from '@conveyor/nodes';
import { diffGraphs, type GraphDiff } from './graph-diff.ts';
import { graphHash } from './graph-hash.ts';
import { findWorkflow, throwConflictOrMissing, type WorkflowScope } from './workflow-drafts.ts';
import { WorkflowError } from './workflow-error.ts';

/**
 * Published versions: immutable snapshots of the draft, numbered 1, 2, 3… per workflow.
 * Test runs pin unpublished snapshots with version numbers ≤ 0 (see start-test-run.ts),
 * so published numbering has no gaps and lists here never show them.
 */

export function validateDraftGraph(graph: unknown): { ok: boolean; issues: readonly GraphIssue[] } {
  const { ok, issues } = validateGraph(graph, nodeCatalog);
  return { ok, issues };
}

export async function validateWorkflowDraft(scope: WorkflowScope, workflowId: string) {
  const row = await findWorkflow(scope, workflowId);
  return { revision: row.draftRevision, ...validateDraftGraph(row.draftGraph) };
}

function describeIssues(issues: readonly GraphIssue[]): string {
  const first = issues
    .slice(0, 3)
    .map((i) => i.message)
    .join('; ');
  return `${issues.length} issue${issues.length === 1 ? '' : 's'} to fix before publishing: ${first}${issues.length > 3 ? '; …' : ''}`;
}

/**
 * Publishes the draft as the next version. Refuses an invalid graph (with every issue),
 * a draft that changed since the analyst looked at it (CONFLICT), and a graph that is the
 * latest version already, or differs from it only in layout (NOTHING_TO_PUBLISH).
 */
export async function publishWorkflow(
  scope: WorkflowScope,
  input: { workflowId: string; expectedRevision?: number; note: string; publishedById: string | null },
) {
  const note = input.note.trim();
  if (note.length > 2000) throw new WorkflowError('BAD_REQUEST', 'A version note is at most 2000 characters');
  return scope.db.prisma.$transaction(async (tx) => {
    // The row lock serialises publishes of one workflow, so version numbers never collide.
    const locked = await tx.$queryRaw<{ id: string; draft_graph: unknown; draft_revision: number }[]>`
      SELECT id, draft_graph, draft_revision FROM workflows
      WHERE id = ${input.workflowId}::uuid AND workspace_id = ${scope.workspaceId}::uuid AND deleted_at IS NULL
      FOR UPDATE`;
    const row = locked[0];
    if (!row) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
    if (input.expectedRevision !== undefined && row.draft_revision !== input.expectedRevision) {
      await throwConflictOrMissing(scope, input.workflowId, input.expectedRevision);
    }
    const validation = validateGraph(row.draft_graph, nodeCatalog);
    if (!validation.ok || !validation.graph) {
      throw new WorkflowError('INVALID_GRAPH', describeIssues(validation.issues), { issues: validation.issues });
    }
    const graph = validation.graph;
    const hash = graphHash(graph);
    const latest = await tx.workflowVersion.findFirst({
      where: { workflowId: input.workflowId, published: true },
      orderBy: { version: 'desc' },
    });
    if (latest) {
      const diff = diffGraphs(workflowGraphSchema.parse(latest.graph), graph);
      if (diff.identical || latest.graphHash === hash) {
        throw new WorkflowError('NOTHING_TO_PUBLISH', `Version ${latest.version} already has exactly this graph`);
      }
      if (diff.layoutOnly) {
        throw new WorkflowError(
          'NOTHING_TO_PUBLISH',
          `Only node positions changed since version ${latest.version}; it already behaves the same`,
        );
      }
    }
    const created = await tx.workflowVersion.create({
      data: {
        workflowId: input.workflowId,
        version: (latest?.version ?? 0) + 1,
        graph: graph as unknown as Prisma.InputJsonValue,
        graphHash: hash,
        published: true,
        note,
        createdById: input.publishedById,
      },
    });
    await tx.workflow.update({ where: { id: input.workflowId }, data: { updatedAt: new Date() } });
    return { id: created.id, version: created.version, graphHash: hash, createdAt: created.createdAt, note };
  });
}

export async function listVersions(scope: WorkflowScope, workflowId: string) {
  await findWorkflow(scope, workflowId);
  const versions = await scope.db.prisma.workflowVersion.findMany({
    where: { workflowId, published: true },
    orderBy: { version: 'desc' },
    include: { createdBy: { select: { name: true, email: true } }, _count: { select: { runs: true } } },
  });
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    note: v.note,
    graphHash: v.graphHash,
    createdAt: v.createdAt,
    createdBy: v.createdBy ? (v.createdBy.name ?? v.createdBy.email) : null,
    runCount: v._count.runs,
    nodeCount: Array.isArray((v.graph as { nodes?: unknown[] }).nodes)
      ? (v.graph as { nodes: unknown[] }).nodes.length
      : 0,
  }));
}

/** `'draft'`, `'latest'` (newest published) or a version id. */
export type GraphRef = 'draft' | 'latest' | { versionId: string };

async function loadGraphRef(
  scope: WorkflowScope,
  workflowId: string,
  ref: GraphRef,
): Promise<{ label: string; graph: WorkflowGraph }> {
  if (ref === 'draft') {
    const row = await findWorkflow(scope, workflowId);
    return { label: 'Draft', graph: lenientGraph(row.draftGraph) };
  }
  await findWorkflow(scope, workflowId);
  const version = await scope.db.prisma.workflowVersion.findFirst({
    where: ref === 'latest' ? { workflowId, published: true } : { id: ref.versionId, workflowId, published: true },
    orderBy: { version: 'desc' },
  });
  if (!version) {
    if (ref === 'latest') return { label: 'Nothing published', graph: { nodes: [], edges: [] } };
    throw new WorkflowError('NOT_FOUND', 'Version not found');
  }
  return { label: `Version ${version.version}`, graph: lenientGraph(version.graph) };
}

/** Drafts are shape-checked on save, but a diff must not fail on an odd one: drop what does not parse. */
function lenientGraph(raw: unknown): WorkflowGraph {
  const parsed = workflowGraphSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return validateGraph(raw, nodeCatalog).graph ?? { nodes: [], edges: [] };
}

export async function diffWorkflow(
  scope: WorkflowScope,
  input: { workflowId: string; from: GraphRef; to: GraphRef },
): Promise<GraphDiff & { fromLabel: string; toLabel: string }> {
  const [from, to] = await Promise.all([
    loadGraphRef(scope, input.workflowId, input.from),
    loadGraphRef(scope, input.workflowId, input.to),
  ]);
  return { ...diffGraphs(from.graph, to.graph), fromLabel: from.label, toLabel: to.label };
}
