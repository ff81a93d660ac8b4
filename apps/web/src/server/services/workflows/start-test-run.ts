import { type Prisma, type Db } from '@conveyor/db';
import { validateGraph } from '@conveyor/engine';
import { nodeCatalog, type MediaRef } from '@conveyor/nodes';
import { graphHash } from './graph-hash.ts';
import type { WorkflowScope } from './workflow-drafts.ts';
import { WorkflowError } from './workflow-error.ts';

/**
 * A test run of the draft. Runs pin an immutable version, so the draft is snapshotted as
 * an *unpublished* version: numbered 0, -1, -2… so published numbering stays 1, 2, 3…
 * without gaps, and reused while the draft is unchanged (same graph hash). Nothing is
 * published, and triggers (which run the latest published version) never see it.
 */

export interface TestRunEngine {
  startRun(input: {
    workspaceId: string;
    workflowId: string;
    workflowVersionId: string;
    input?: unknown;
    triggerKind?: 'manual';
    isTest?: boolean;
    createdById?: string | null;
  }): Promise<{ runId: string; status: string }>;
}

export async function snapshotDraftForTest(
  db: Db,
  input: { workspaceId: string; workflowId: string; createdById: string | null },
) {
  return db.prisma.$transaction(async (tx) => {
    // The row lock keeps two test runs started at once from taking the same number.
    const rows = await tx.$queryRaw<{ draft_graph: unknown }[]>`
      SELECT draft_graph FROM workflows
      WHERE id = ${input.workflowId}::uuid AND workspace_id = ${input.workspaceId}::uuid AND deleted_at IS NULL
      FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
    const validation = validateGraph(row.draft_graph, nodeCatalog);
    if (!validation.ok || !validation.graph) {
      throw new WorkflowError(
        'INVALID_GRAPH',
        `Fix ${validation.issues.length} issue${validation.issues.length === 1 ? '' : 's'} before a test run: ${validation.issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')}`,
        { issues: validation.issues },
      );
    }
    const hash = graphHash(validation.graph);
    const existing = await tx.workflowVersion.findFirst({
      where: { workflowId: input.workflowId, published: false, graphHash: hash },
      select: { id: true, version: true },
    });
    if (existing) return existing;
    const lowest = await tx.workflowVersion.aggregate({
      where: { workflowId: input.workflowId, published: false },
      _min: { version: true },
    });
    return tx.workflowVersion.create({
      data: {
        workflowId: input.workflowId,
        version: Math.min(lowest._min.version ?? 1, 1) - 1,
        graph: validation.graph as unknown as Prisma.InputJsonValue,
        graphHash: hash,
        published: false,
        note: 'Draft snapshot for a test run',
        createdById: input.createdById,
      },
      select: { id: true, version: true },
    });
  });
}

/** Media references for ids of this workspace's uploads, built from the rows (never trusted from a client). */
export async function loadWorkspaceMedia(
  db: Db,
  workspaceId: string,
  mediaIds: readonly string[],
): Promise<MediaRef[]> {
  if (mediaIds.length === 0) return [];
  const rows = await db.prisma.mediaObject.findMany({ where: { workspaceId, id: { in: [...mediaIds] } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return mediaIds.map((id) => {
    const row = byId.get(id);
    // Another workspace's upload reads as missing: ids do not leak across workspaces.
    if (!row) throw new WorkflowError('NOT_FOUND', 'A sample file is not in this workspace; upload it again');
    return {
      mediaId: row.id,
      sha256: row.sha256,
      contentType: row.contentType,
      size: Number(row.size),
      ...(row.width ? { width: row.width } : {}),
      ...(row.height ? { height: row.height } : {}),
      ...(row.durationMs ? { durationMs: row.durationMs } : {}),
    };
  });
}

export async function startTestRun(
  scope: WorkflowScope & { engine: TestRunEngine },
  input: { workflowId: string; mediaIds: string[]; record: Record<string, unknown>; createdById: string | null },
) {
  if (input.mediaIds.length > 50) throw new WorkflowError('BAD_REQUEST', 'A test run takes at most 50 files');
  const media = await loadWorkspaceMedia(scope.db, scope.workspaceId, input.mediaIds);
  const version = await snapshotDraftForTest(scope.db, {
    workspaceId: scope.workspaceId,
    workflowId: input.workflowId,
    createdById: input.createdById,
  });
  const run = await scope.engine.startRun({
    workspaceId: scope.workspaceId,
    workflowId: input.workflowId,
    workflowVersionId: version.id,
    input: { record: input.record, media },
    isTest: true,
    triggerKind: 'manual',
    createdById: input.createdById,
  });
  return { runId: run.runId, status: run.status, workflowVersionId: version.id };
}
