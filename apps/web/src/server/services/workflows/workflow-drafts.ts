import { type Prisma, type Db } from '@conveyor/db';
import { validateGraph, workflowGraphSchema, type GraphIssue, type WorkflowGraph } from '@conveyor/engine';
import { nodeCatalog, templates } from '@conveyor/nodes';
import { graphHash } from './graph-hash.ts';
import { WorkflowError } from './workflow-error.ts';

/**
 * The editable side of a workflow: its row and draft graph. Every function is scoped by
 * workspace (a workflow of another workspace is NOT_FOUND, never "forbidden", so ids do not
 * leak), and draft writes use optimistic concurrency on `draft_revision`.
 */

export const EMPTY_GRAPH: WorkflowGraph = { nodes: [], edges: [] };

export interface WorkflowScope {
  db: Db;
  workspaceId: string;
}

export interface WorkflowListItem {
  id: string;
  name: string;
  description: string;
  templateKey: string | null;
  nodeCount: number;
  draftRevision: number;
  draftUpdatedAt: Date;
  createdAt: Date;
  latestVersion: { version: number; createdAt: Date; note: string } | null;
  /** The draft differs from the latest published version (or nothing is published yet). */
  hasUnpublishedChanges: boolean;
  lastRunAt: Date | null;
}

export async function listWorkflows(
  { db, workspaceId }: WorkflowScope,
  options: { query?: string } = {},
): Promise<WorkflowListItem[]> {
  const query = options.query?.trim();
  const rows = await db.prisma.workflow.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      ...(query ? { name: { contains: query, mode: 'insensitive' as const } } : {}),
    },
    orderBy: { updatedAt: 'desc' },
    take: 500,
    include: {
      versions: {
        where: { published: true },
        orderBy: { version: 'desc' },
        take: 1,
        select: { version: true, createdAt: true, note: true, graphHash: true },
      },
    },
  });
  const lastRuns =
    rows.length === 0
      ? []
      : await db.prisma.run.groupBy({
          by: ['workflowId'],
          where: { workspaceId, workflowId: { in: rows.map((r) => r.id) } },
          _max: { createdAt: true },
        });
  const lastRunBy = new Map(lastRuns.map((r) => [r.workflowId, r._max.createdAt]));
  return rows.map((row) => {
    const latest = row.versions[0];
    const draft = row.draftGraph as { nodes?: unknown[] } | null;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      templateKey: row.templateKey,
      nodeCount: Array.isArray(draft?.nodes) ? draft.nodes.length : 0,
      draftRevision: row.draftRevision,
      draftUpdatedAt: row.draftUpdatedAt,
      createdAt: row.createdAt,
      latestVersion: latest ? { version: latest.version, createdAt: latest.createdAt, note: latest.note } : null,
      hasUnpublishedChanges: !latest || latest.graphHash !== graphHash(row.draftGraph),
      lastRunAt: lastRunBy.get(row.id) ?? null,
    };
  });
}

export async function findWorkflow({ db, workspaceId }: WorkflowScope, workflowId: string) {
  const row = await db.prisma.workflow.findFirst({ where: { id: workflowId, workspaceId, deletedAt: null } });
  if (!row) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
  return row;
}

export function normaliseName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new WorkflowError('BAD_REQUEST', 'A workflow needs a name');
  if (trimmed.length > 120) throw new WorkflowError('BAD_REQUEST', 'Names are at most 120 characters');
  return trimmed;
}

export async function createWorkflow(
  { db, workspaceId }: WorkflowScope,
  input: { name?: string; description?: string; templateKey?: string; createdById: string | null },
) {
  let graph: WorkflowGraph = EMPTY_GRAPH;
  let name = input.name;
  let description = input.description ?? '';
  if (input.templateKey) {
    const template = templates.find((t) => t.key === input.templateKey);
    if (!template) throw new WorkflowError('NOT_FOUND', `There is no template '${input.templateKey}'`);
    graph = structuredClone(template.graph);
    name ??= template.name;
    if (!input.description) description = template.description;
  }
  const row = await db.prisma.workflow.create({
    data: {
      workspaceId,
      name: normaliseName(name ?? 'Untitled workflow'),
      description: description.slice(0, 2000),
      templateKey: input.templateKey ?? null,
      draftGraph: graph as unknown as Prisma.InputJsonValue,
      createdById: input.createdById,
    },
  });
  return { id: row.id, name: row.name, draftRevision: row.draftRevision };
}

export async function renameWorkflow(
  scope: WorkflowScope,
  input: { workflowId: string; name: string; description?: string },
) {
  const name = normaliseName(input.name);
  const { count } = await scope.db.prisma.workflow.updateMany({
    where: { id: input.workflowId, workspaceId: scope.workspaceId, deletedAt: null },
    data: { name, ...(input.description === undefined ? {} : { description: input.description.slice(0, 2000) }) },
  });
  if (count === 0) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
  return { id: input.workflowId, name };
}

/** Soft delete: runs and versions keep pointing at it for history and audit. */
export async function deleteWorkflow(scope: WorkflowScope, workflowId: string) {
  await scope.db.prisma.$transaction(async (tx) => {
    const { count } = await tx.workflow.updateMany({
      where: { id: workflowId, workspaceId: scope.workspaceId, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (count === 0) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
    // Its triggers stop accepting runs with it.
    await tx.trigger.updateMany({ where: { workflowId, workspaceId: scope.workspaceId }, data: { enabled: false } });
  });
  return { id: workflowId };
}

export interface DraftView {
  id: string;
  name: string;
  description: string;
  templateKey: string | null;
  graph: unknown;
  revision: number;
  updatedAt: Date;
  issues: readonly GraphIssue[];
  latestVersion: { id: string; version: number; createdAt: Date; note: string; graphHash: string } | null;
  hasUnpublishedChanges: boolean;
}

export async function getDraft(scope: WorkflowScope, workflowId: string): Promise<DraftView> {
  const row = await findWorkflow(scope, workflowId);
  const latest = await scope.db.prisma.workflowVersion.findFirst({
    where: { workflowId, published: true },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, createdAt: true, note: true, graphHash: true },
  });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    templateKey: row.templateKey,
    graph: row.draftGraph,
    revision: row.draftRevision,
    updatedAt: row.draftUpdatedAt,
    issues: validateGraph(row.draftGraph, nodeCatalog).issues,
    latestVersion: latest,
    hasUnpublishedChanges: !latest || latest.graphHash !== graphHash(row.draftGraph),
  };
}

/** A draft may be semantically invalid (it is work in progress) but never malformed JSON. */
export function parseDraftShape(graph: unknown): WorkflowGraph {
  const parsed = workflowGraphSchema.safeParse(graph);
  if (parsed.success) return parsed.data;
  const issues = validateGraph(graph, nodeCatalog).issues.filter((i) => i.code === 'invalid_shape');
  throw new WorkflowError(
    'INVALID_GRAPH',
    `The graph is malformed: ${issues
      .slice(0, 3)
      .map((i) => `${i.path || '(graph)'}: ${i.message}`)
      .join('; ')}`,
    { issues },
  );
}

/**
 * Saves the draft if nobody saved since `expectedRevision`; otherwise CONFLICT with the
 * current revision, so the editor can offer to reload rather than overwrite someone's work.
 */
export async function saveDraft(
  scope: WorkflowScope,
  input: { workflowId: string; graph: unknown; expectedRevision: number },
) {
  const graph = parseDraftShape(input.graph);
  const now = new Date();
  const { count } = await scope.db.prisma.workflow.updateMany({
    where: {
      id: input.workflowId,
      workspaceId: scope.workspaceId,
      deletedAt: null,
      draftRevision: input.expectedRevision,
    },
    data: {
      draftGraph: graph as unknown as Prisma.InputJsonValue,
      draftRevision: { increment: 1 },
      draftUpdatedAt: now,
    },
  });
  if (count === 0) await throwConflictOrMissing(scope, input.workflowId, input.expectedRevision);
  return {
    revision: input.expectedRevision + 1,
    updatedAt: now,
    issues: validateGraph(graph, nodeCatalog).issues,
  };
}

export async function throwConflictOrMissing(
  scope: WorkflowScope,
  workflowId: string,
  expectedRevision: number,
): Promise<never> {
  const current = await scope.db.prisma.workflow.findFirst({
    where: { id: workflowId, workspaceId: scope.workspaceId, deletedAt: null },
    select: { draftRevision: true },
  });
  if (!current) throw new WorkflowError('NOT_FOUND', 'Workflow not found');
  throw new WorkflowError(
    'CONFLICT',
    `The draft was changed elsewhere (revision ${current.draftRevision}, you edited ${expectedRevision}); reload to see the latest`,
    { currentRevision: current.draftRevision },
  );
}

/** Draft := a published version's graph. The versions themselves never change. */
export async function rollBackDraft(
  scope: WorkflowScope,
  input: { workflowId: string; versionId: string; expectedRevision: number },
) {
  await findWorkflow(scope, input.workflowId);
  const version = await scope.db.prisma.workflowVersion.findFirst({
    where: { id: input.versionId, workflowId: input.workflowId, published: true },
  });
  if (!version) throw new WorkflowError('NOT_FOUND', 'Version not found');
  const saved = await saveDraft(scope, {
    workflowId: input.workflowId,
    graph: version.graph,
    expectedRevision: input.expectedRevision,
  });
  return { ...saved, version: version.version, graph: version.graph };
}
