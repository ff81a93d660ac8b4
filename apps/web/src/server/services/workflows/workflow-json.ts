import { z } from 'zod';
import { type Prisma } from '@conveyor/db';
import {
  NODE_ID_PATTERN,
  validateGraph,
  workflowGraphSchema,
  type GraphIssue,
  type WorkflowGraph,
} from '@conveyor/engine';
import { formatConfigPath, nodeCatalog } from '@conveyor/nodes';
import { findWorkflow, normaliseName, saveDraft, type WorkflowScope } from './workflow-drafts.ts';
import { WorkflowError } from './workflow-error.ts';

/**
 * The portable file a workflow travels in between workspaces and installations. Versioned
 * so a later format can still read this one.
 */
export const WORKFLOW_FILE_FORMAT = 'conveyor.workflow';

export const workflowFileSchema = z.strictObject({
  format: z.literal(WORKFLOW_FILE_FORMAT, { error: `"format" must be "${WORKFLOW_FILE_FORMAT}"` }),
  formatVersion: z.literal(1, { error: '"formatVersion" must be 1' }),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  exportedAt: z.string().optional(),
  graph: z.unknown(),
});
export type WorkflowFile = z.output<typeof workflowFileSchema>;

/** Files bigger than this are refused before parsing. */
export const MAX_WORKFLOW_FILE_CHARS = 2 * 1024 * 1024;

export async function exportWorkflow(scope: WorkflowScope, workflowId: string): Promise<WorkflowFile> {
  const row = await findWorkflow(scope, workflowId);
  return {
    format: WORKFLOW_FILE_FORMAT,
    formatVersion: 1,
    name: row.name,
    description: row.description,
    exportedAt: new Date().toISOString(),
    graph: row.draftGraph,
  };
}

/**
 * Reads a workflow file: JSON syntax, envelope and graph shape, each with a precise
 * message. Node ids that are not valid (or repeat) get new ones, and the edges follow
 * them; a bare graph (`{nodes, edges}`) is accepted too. Semantic issues (an unknown node
 * type, a bad config) do not block an import — the draft shows them to fix.
 */
export function parseWorkflowFile(text: string): { file: WorkflowFile; graph: WorkflowGraph; renamed: number } {
  if (text.length > MAX_WORKFLOW_FILE_CHARS) {
    throw new WorkflowError('PAYLOAD_TOO_LARGE', 'The file is larger than 2 MB');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new WorkflowError('BAD_REQUEST', `Not valid JSON: ${(error as Error).message}`);
  }
  const isBareGraph = typeof raw === 'object' && raw !== null && 'nodes' in raw && 'edges' in raw && !('format' in raw);
  if (isBareGraph) raw = { format: WORKFLOW_FILE_FORMAT, formatVersion: 1, name: 'Imported workflow', graph: raw };
  const envelope = workflowFileSchema.safeParse(raw);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const where = formatConfigPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
    throw new WorkflowError(
      'BAD_REQUEST',
      `Not a Conveyor workflow file: ${where ? `${where}: ` : ''}${issue.message}`,
    );
  }
  const { graph: fixed, renamed } = renameBadIds(envelope.data.graph);
  const parsed = workflowGraphSchema.safeParse(fixed);
  if (!parsed.success) {
    const issues: GraphIssue[] = validateGraph(fixed, nodeCatalog).issues.filter((i) => i.code === 'invalid_shape');
    const list = issues
      .slice(0, 5)
      .map((i) => `graph.${i.path}: ${i.message}`)
      .join('; ');
    throw new WorkflowError('INVALID_GRAPH', `The workflow's graph is malformed: ${list || parsed.error.message}`, {
      issues,
    });
  }
  return { file: envelope.data, graph: parsed.data, renamed };
}

function renameBadIds(graph: unknown): { graph: unknown; renamed: number } {
  if (typeof graph !== 'object' || graph === null) return { graph, renamed: 0 };
  const g = graph as { nodes?: unknown; edges?: unknown };
  if (!Array.isArray(g.nodes)) return { graph, renamed: 0 };
  const seen = new Set<string>();
  const mapping = new Map<string, string>();
  let renamed = 0;
  let counter = 1;
  const fresh = (base: string) => {
    const stem =
      base
        .replace(/[^A-Za-z0-9_-]/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 48) || 'node';
    let id = stem;
    while (seen.has(id) || !NODE_ID_PATTERN.test(id)) id = `${stem}-${counter++}`;
    return id;
  };
  const nodes = g.nodes.map((node) => {
    if (typeof node !== 'object' || node === null) return node;
    const id = (node as { id?: unknown }).id;
    if (typeof id !== 'string') return node;
    if (NODE_ID_PATTERN.test(id) && !seen.has(id)) {
      seen.add(id);
      return node;
    }
    const next = fresh(id);
    seen.add(next);
    // An edge that named a duplicated id keeps pointing at the first node with it.
    if (!mapping.has(id) && !NODE_ID_PATTERN.test(id)) mapping.set(id, next);
    renamed += 1;
    return { ...node, id: next };
  });
  const edges = Array.isArray(g.edges)
    ? g.edges.map((edge) => {
        if (typeof edge !== 'object' || edge === null) return edge;
        const e = edge as { from?: { node?: unknown }; to?: { node?: unknown } };
        const remap = (ref: { node?: unknown } | undefined) =>
          ref && typeof ref.node === 'string' && mapping.has(ref.node) ? { ...ref, node: mapping.get(ref.node) } : ref;
        return { ...e, from: remap(e.from), to: remap(e.to) };
      })
    : g.edges;
  return { graph: { ...g, nodes, edges }, renamed };
}

/** Imports a file as a new workflow, or into an existing one's draft (keeping its versions). */
export async function importWorkflow(
  scope: WorkflowScope,
  input: { text: string; workflowId?: string; expectedRevision?: number; createdById: string | null },
) {
  const { file, graph, renamed } = parseWorkflowFile(input.text);
  const issues = validateGraph(graph, nodeCatalog).issues;
  if (input.workflowId) {
    if (input.expectedRevision === undefined) {
      throw new WorkflowError('BAD_REQUEST', 'Importing into a workflow needs the revision you are replacing');
    }
    await findWorkflow(scope, input.workflowId);
    const saved = await saveDraft(scope, {
      workflowId: input.workflowId,
      graph,
      expectedRevision: input.expectedRevision,
    });
    return { workflowId: input.workflowId, revision: saved.revision, renamedNodes: renamed, issues };
  }
  const row = await scope.db.prisma.workflow.create({
    data: {
      workspaceId: scope.workspaceId,
      name: normaliseName(file.name),
      description: file.description,
      draftGraph: graph as unknown as Prisma.InputJsonValue,
      createdById: input.createdById,
    },
  });
  return { workflowId: row.id, revision: row.draftRevision, renamedNodes: renamed, issues };
}
