import type { GraphEdge, WorkflowGraph } from './graph-schema.ts';
import { findCycles } from './find-cycles.ts';

/**
 * What the scheduler needs to walk a published graph: a deterministic topological order,
 * the nodes a run starts at, and per-node edge maps. Fan-in is read from `inboundByPort`:
 * a node is ready once every connected input port is settled; an input whose edges were
 * all skipped (their branch was not taken) skips the node, while a `multiple` port is
 * satisfied by any edge that delivered.
 */
export interface GraphPlan {
  /** Every node id, each after all of its predecessors; ties keep graph order. */
  readonly order: readonly string[];
  /** Nodes without inbound edges, in graph order: where a run starts. */
  readonly entries: readonly string[];
  readonly successors: ReadonlyMap<string, readonly string[]>;
  readonly predecessors: ReadonlyMap<string, readonly string[]>;
  readonly inbound: ReadonlyMap<string, readonly GraphEdge[]>;
  readonly inboundByPort: ReadonlyMap<string, ReadonlyMap<string, readonly GraphEdge[]>>;
  readonly outbound: ReadonlyMap<string, readonly GraphEdge[]>;
}

export type GraphPlanErrorCode = 'duplicate_node_id' | 'edge_unknown_node' | 'cycle';

/** Planning assumes a validated graph; these are the structural faults it cannot plan around. */
export class GraphPlanError extends Error {
  override readonly name = 'GraphPlanError';
  constructor(
    readonly code: GraphPlanErrorCode,
    message: string,
    readonly nodeIds: readonly string[],
  ) {
    super(message);
  }
}

export function planGraph(graph: WorkflowGraph): GraphPlan {
  const ids = graph.nodes.map((n) => n.id);
  const position = new Map<string, number>();
  ids.forEach((id, i) => {
    if (position.has(id)) throw new GraphPlanError('duplicate_node_id', `Node id '${id}' is used twice`, [id]);
    position.set(id, i);
  });

  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  const predecessors = new Map<string, string[]>(ids.map((id) => [id, []]));
  const inbound = new Map<string, GraphEdge[]>(ids.map((id) => [id, []]));
  const outbound = new Map<string, GraphEdge[]>(ids.map((id) => [id, []]));
  const inboundByPort = new Map<string, Map<string, GraphEdge[]>>(ids.map((id) => [id, new Map()]));

  for (const edge of graph.edges) {
    const { node: from } = edge.from;
    const { node: to, port } = edge.to;
    for (const id of [from, to]) {
      if (!position.has(id))
        throw new GraphPlanError('edge_unknown_node', `An edge refers to missing node '${id}'`, [id]);
    }
    outbound.get(from)?.push(edge);
    inbound.get(to)?.push(edge);
    const ports = inboundByPort.get(to);
    ports?.set(port, [...(ports.get(port) ?? []), edge]);
    addOnce(successors.get(from), to);
    addOnce(predecessors.get(to), from);
  }
  const byPosition = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  for (const list of [...successors.values(), ...predecessors.values()]) list.sort(byPosition);

  const order = topologicalOrder(ids, successors, predecessors);
  if (order.length < ids.length) {
    const [cycle = []] = findCycles(
      ids,
      graph.edges.map((e) => [e.from.node, e.to.node] as const),
    );
    throw new GraphPlanError('cycle', `The graph loops: ${[...cycle, cycle[0]].join(' → ')}`, cycle);
  }
  return {
    order,
    entries: ids.filter((id) => (predecessors.get(id) ?? []).length === 0),
    successors,
    predecessors,
    inbound,
    inboundByPort,
    outbound,
  };
}

function addOnce(list: string[] | undefined, id: string) {
  if (list !== undefined && !list.includes(id)) list.push(id);
}

/** Kahn's algorithm, always taking the earliest ready node so the order is stable. */
function topologicalOrder(
  ids: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
  predecessors: ReadonlyMap<string, readonly string[]>,
): string[] {
  const remaining = new Map(ids.map((id) => [id, (predecessors.get(id) ?? []).length]));
  const index = new Map(ids.map((id, i) => [id, i]));
  const ready = ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift();
    if (next === undefined) break;
    order.push(next);
    for (const successor of successors.get(next) ?? []) {
      const left = (remaining.get(successor) ?? 0) - 1;
      remaining.set(successor, left);
      if (left === 0) insertSorted(ready, successor, index);
    }
  }
  return order;
}

function insertSorted(list: string[], id: string, index: ReadonlyMap<string, number>) {
  const at = list.findIndex((other) => (index.get(other) ?? 0) > (index.get(id) ?? 0));
  if (at === -1) list.push(id);
  else list.splice(at, 0, id);
}
