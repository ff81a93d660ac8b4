import { formatConfigPath } from '@conveyor/nodes';
import type { GraphEdge, GraphNode, WorkflowGraph } from '@conveyor/engine';

/**
 * What changed between two workflow graphs, in the words an analyst reviews a publish
 * with: nodes added/removed, per changed node the config fields (with before/after),
 * label or type-version changes, and edges added/removed. Pure: no I/O, browser-safe.
 */
export interface FieldChange {
  /** Path inside the node's config, e.g. `rows[1].conditions[0].min`. */
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeSummary {
  id: string;
  type: string;
  label: string | null;
}

export interface ChangedNode extends NodeSummary {
  fields: FieldChange[];
  labelChange: { before: string | null; after: string | null } | null;
  typeVersionChange: { before: number; after: number } | null;
  /** Only the position moved (not a behaviour change; listed for completeness). */
  moved: boolean;
}

export interface EdgeSummary {
  from: { node: string; port: string };
  to: { node: string; port: string };
}

export interface GraphDiff {
  nodes: { added: NodeSummary[]; removed: NodeSummary[]; changed: ChangedNode[] };
  edges: { added: EdgeSummary[]; removed: EdgeSummary[] };
  /** True when nothing but positions differ: the same workflow, drawn differently. */
  layoutOnly: boolean;
  /** True when the graphs are identical, positions included. */
  identical: boolean;
}

const summary = (n: GraphNode): NodeSummary => ({ id: n.id, type: n.type, label: n.label ?? null });
const edgeKey = (e: GraphEdge) => `${e.from.node}\u0000${e.from.port}\u0000${e.to.node}\u0000${e.to.port}`;
const edgeSummary = (e: GraphEdge): EdgeSummary => ({
  from: { node: e.from.node, port: e.from.port },
  to: { node: e.to.node, port: e.to.port },
});

export function diffGraphs(before: WorkflowGraph, after: WorkflowGraph): GraphDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const added: NodeSummary[] = [];
  const removed: NodeSummary[] = [];
  const changed: ChangedNode[] = [];

  for (const node of after.nodes) if (!beforeNodes.has(node.id)) added.push(summary(node));
  for (const node of before.nodes) {
    const next = afterNodes.get(node.id);
    if (!next) {
      removed.push(summary(node));
      continue;
    }
    // A changed type is a different node in all but id: show it as remove + add.
    if (next.type !== node.type) {
      removed.push(summary(node));
      added.push(summary(next));
      continue;
    }
    const fields: FieldChange[] = [];
    diffValues(node.config, next.config, [], fields);
    const labelChange =
      (node.label ?? null) !== (next.label ?? null) ? { before: node.label ?? null, after: next.label ?? null } : null;
    const typeVersionChange =
      node.typeVersion !== next.typeVersion ? { before: node.typeVersion, after: next.typeVersion } : null;
    const moved = node.position.x !== next.position.x || node.position.y !== next.position.y;
    if (fields.length > 0 || labelChange || typeVersionChange || moved) {
      changed.push({ ...summary(next), fields, labelChange, typeVersionChange, moved });
    }
  }

  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const edgesAdded = after.edges.filter((e) => !beforeEdges.has(edgeKey(e))).map(edgeSummary);
  const edgesRemoved = before.edges.filter((e) => !afterEdges.has(edgeKey(e))).map(edgeSummary);

  const behaviourChanged =
    added.length > 0 ||
    removed.length > 0 ||
    edgesAdded.length > 0 ||
    edgesRemoved.length > 0 ||
    changed.some((c) => c.fields.length > 0 || c.labelChange !== null || c.typeVersionChange !== null);
  const moved = changed.some((c) => c.moved);
  return {
    nodes: { added, removed, changed },
    edges: { added: edgesAdded, removed: edgesRemoved },
    layoutOnly: !behaviourChanged && moved,
    identical: !behaviourChanged && !moved,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Field-level differences. Objects recurse key by key; arrays of the same length recurse
 * item by item (a threshold edited in row 2 shows as `rows[2]…`), arrays whose length
 * changed are reported whole, since an index-wise diff of an insertion misleads.
 */
function diffValues(a: unknown, b: unknown, path: (string | number)[], out: FieldChange[]): void {
  if (Object.is(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) diffValues(a[key], b[key], [...path, key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, index) => diffValues(item, b[index], [...path, index], out));
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path: formatConfigPath(path) || '(config)', before: a, after: b });
}
