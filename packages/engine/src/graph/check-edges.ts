import { portsCompatible } from '@conveyor/nodes';
import { formatPath, nodeName, type GraphIssue } from './graph-issue.ts';
import type { GraphEdge } from './graph-schema.ts';
import type { ResolvedNode } from './resolve-nodes.ts';

export interface IndexedEdge {
  readonly edge: GraphEdge;
  readonly index: number;
}

export interface EdgeCheck {
  readonly issues: GraphIssue[];
  /** Edges whose two ends exist: the ones that shape the graph's topology. */
  readonly connected: IndexedEdge[];
}

/**
 * Per edge: both ends exist, the ports exist on the right side, their types are
 * compatible. Across edges: ids are unique, no edge is repeated, and a single-valued
 * input receives at most one edge (fan-in into one port must be declared `multiple`).
 *
 * `brokenNodeIds` are nodes whose JSON was malformed but whose id could be read: edges
 * to them are not reported again as dangling.
 */
export function checkEdges(
  edges: readonly IndexedEdge[],
  nodes: ReadonlyMap<string, ResolvedNode>,
  brokenNodeIds: ReadonlySet<string>,
): EdgeCheck {
  const issues: GraphIssue[] = [];
  const connected: IndexedEdge[] = [];
  const edgeIds = new Map<string, number>();
  const seen = new Map<string, number>();
  const intoInput = new Map<string, number>();

  for (const { edge, index } of edges) {
    if (edge.id !== undefined) {
      const first = edgeIds.get(edge.id);
      if (first === undefined) edgeIds.set(edge.id, index);
      else {
        issues.push({
          code: 'duplicate_edge_id',
          path: formatPath(['edges', index, 'id']),
          message: `Edge id '${edge.id}' is already used by edges[${first}]`,
          edgeIndex: index,
        });
      }
    }

    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    for (const [end, resolved] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const nodeId = edge[end].node;
      if (resolved === undefined && !brokenNodeIds.has(nodeId)) {
        issues.push({
          code: 'edge_unknown_node',
          path: formatPath(['edges', index, end, 'node']),
          message: `Edge ${end === 'from' ? 'starts' : 'ends'} at node '${nodeId}', which does not exist`,
          edgeIndex: index,
        });
      }
    }
    if (from === undefined || to === undefined) continue;
    connected.push({ edge, index });

    const key = `${edge.from.node}\u0000${edge.from.port}\u0000${edge.to.node}\u0000${edge.to.port}`;
    const repeated = seen.get(key);
    if (repeated !== undefined) {
      issues.push({
        code: 'duplicate_edge',
        path: formatPath(['edges', index]),
        message: `Same connection as edges[${repeated}]`,
        edgeIndex: index,
      });
      continue;
    }
    seen.set(key, index);

    const output = from.outputs?.get(edge.from.port);
    if (from.outputs !== undefined && output === undefined) {
      const hint = from.inputs.has(edge.from.port) ? ` ('${edge.from.port}' is an input)` : '';
      issues.push({
        code: 'edge_unknown_port',
        path: formatPath(['edges', index, 'from', 'port']),
        message: `${nodeName(from.node)} has no output '${edge.from.port}'${hint}`,
        nodeId: from.node.id,
        edgeIndex: index,
        port: edge.from.port,
      });
    }
    const input = to.inputs.get(edge.to.port);
    if (to.definition !== undefined && input === undefined) {
      const hint = to.outputs?.has(edge.to.port) ? ` ('${edge.to.port}' is an output)` : '';
      issues.push({
        code: 'edge_unknown_port',
        path: formatPath(['edges', index, 'to', 'port']),
        message: `${nodeName(to.node)} has no input '${edge.to.port}'${hint}`,
        nodeId: to.node.id,
        edgeIndex: index,
        port: edge.to.port,
      });
    }
    if (output !== undefined && input !== undefined && !portsCompatible(output.type, input.type)) {
      issues.push({
        code: 'port_type_mismatch',
        path: formatPath(['edges', index]),
        message:
          `${nodeName(from.node)} output '${output.name}' (${output.type}) cannot feed ` +
          `${nodeName(to.node)} input '${input.name}' (${input.type})`,
        nodeId: to.node.id,
        edgeIndex: index,
        port: input.name,
      });
    }
    if (input !== undefined && !input.multiple) {
      const inputKey = `${edge.to.node}\u0000${edge.to.port}`;
      const first = intoInput.get(inputKey);
      if (first === undefined) intoInput.set(inputKey, index);
      else {
        issues.push({
          code: 'input_multiple_edges',
          path: formatPath(['edges', index, 'to']),
          message: `${nodeName(to.node)} input '${input.name}' takes one connection; edges[${first}] already feeds it`,
          nodeId: to.node.id,
          edgeIndex: index,
          port: input.name,
        });
      }
    }
  }
  return { issues, connected };
}

/** Inputs a node cannot run without that no edge feeds. */
export function checkRequiredInputs(
  nodes: ReadonlyMap<string, ResolvedNode>,
  connected: readonly IndexedEdge[],
): GraphIssue[] {
  const fed = new Set(connected.map(({ edge }) => `${edge.to.node}\u0000${edge.to.port}`));
  const issues: GraphIssue[] = [];
  for (const resolved of nodes.values()) {
    for (const input of resolved.inputs.values()) {
      if (!input.required || fed.has(`${resolved.node.id}\u0000${input.name}`)) continue;
      issues.push({
        code: 'required_input_unconnected',
        path: formatPath(['nodes', resolved.index]),
        message: `${nodeName(resolved.node)} needs its '${input.name}' input connected`,
        nodeId: resolved.node.id,
        port: input.name,
      });
    }
  }
  return issues;
}
