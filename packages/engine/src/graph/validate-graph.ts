import { requiredMessage, type NodeCatalog } from '@conveyor/nodes';
import type { z } from 'zod';
import { checkEdges, checkRequiredInputs, type IndexedEdge } from './check-edges.ts';
import { checkNodes, type IndexedNode } from './check-nodes.ts';
import { checkTopology } from './check-topology.ts';
import { formatPath, type GraphIssue } from './graph-issue.ts';
import {
  graphEdgeSchema,
  graphFrameSchema,
  graphNodeSchema,
  type GraphEdge,
  type GraphNode,
  type WorkflowGraph,
} from './graph-schema.ts';
import { resolveNodes } from './resolve-nodes.ts';

export interface GraphValidation {
  /** True when there is no issue: the graph may be published and run. */
  readonly ok: boolean;
  /** Every issue found, each with a path into the graph JSON and a code. */
  readonly issues: readonly GraphIssue[];
  /** The parsed graph, when every node and edge had a valid shape. */
  readonly graph: WorkflowGraph | undefined;
}

/**
 * The one validator, shared by the editor (live, as the analyst draws) and the server
 * (on save and publish). It reports every issue at once rather than stopping at the
 * first: nodes and edges are shape-checked one by one, so a single malformed node does
 * not hide problems elsewhere.
 */
export function validateGraph(input: unknown, catalog: NodeCatalog): GraphValidation {
  const frame = graphFrameSchema.safeParse(input, { error: requiredMessage });
  if (!frame.success) {
    return { ok: false, issues: shapeIssues(frame.error, []), graph: undefined };
  }

  const issues: GraphIssue[] = [];
  const nodes: IndexedNode[] = [];
  const brokenNodeIds = new Set<string>();
  frame.data.nodes.forEach((raw, index) => {
    const parsed = graphNodeSchema.safeParse(raw, { error: requiredMessage });
    if (parsed.success) nodes.push({ node: parsed.data, index });
    else {
      issues.push(...shapeIssues(parsed.error, ['nodes', index]));
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      if (typeof id === 'string') brokenNodeIds.add(id);
    }
  });
  const edges: IndexedEdge[] = [];
  frame.data.edges.forEach((raw, index) => {
    const parsed = graphEdgeSchema.safeParse(raw, { error: requiredMessage });
    if (parsed.success) edges.push({ edge: parsed.data, index });
    else issues.push(...shapeIssues(parsed.error, ['edges', index]));
  });

  issues.push(...checkNodes(nodes, catalog));
  const resolved = resolveNodes(nodes, catalog);
  const edgeCheck = checkEdges(edges, resolved, brokenNodeIds);
  issues.push(...edgeCheck.issues);
  issues.push(...checkRequiredInputs(resolved, edgeCheck.connected));
  issues.push(...checkTopology(resolved, edgeCheck.connected));

  const wholeShapeValid = nodes.length === frame.data.nodes.length && edges.length === frame.data.edges.length;
  const graph = wholeShapeValid
    ? { nodes: nodes.map((n): GraphNode => n.node), edges: edges.map((e): GraphEdge => e.edge) }
    : undefined;
  return { ok: issues.length === 0, issues, graph };
}

function shapeIssues(error: z.ZodError, prefix: readonly (string | number)[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ code: 'invalid_shape', path: formatPath([...path, key]), message: `Unknown property '${key}'` });
      }
    } else {
      issues.push({ code: 'invalid_shape', path: formatPath(path), message: issue.message });
    }
  }
  return issues;
}
