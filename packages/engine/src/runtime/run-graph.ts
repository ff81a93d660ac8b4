/**
 * The shape of a pinned workflow version the runtime walks: nodes by id, edges in and out
 * of each node, entry nodes. Built once per version and cached (versions are immutable).
 */
export interface GraphNode {
  id: string;
  type: string;
  typeVersion: number;
  config: unknown;
  policy?: StepPolicyInput;
}

export interface GraphEdge {
  from: { node: string; port: string };
  to: { node: string; port: string };
}

export interface StepPolicyInput {
  maxAttempts?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
}

export interface RunGraph {
  nodes: Map<string, GraphNode>;
  inbound: Map<string, GraphEdge[]>;
  outbound: Map<string, GraphEdge[]>;
  entries: string[];
}

export function buildRunGraph(graph: { nodes: GraphNode[]; edges: GraphEdge[] }): RunGraph {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const inbound = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  const outbound = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) {
    inbound.get(edge.to.node)?.push(edge);
    outbound.get(edge.from.node)?.push(edge);
  }
  const entries = graph.nodes.filter((n) => (inbound.get(n.id) ?? []).length === 0).map((n) => n.id);
  return { nodes, inbound, outbound, entries };
}

/** Successor node ids of a node, each once, in edge order. */
export function successorsOf(graph: RunGraph, nodeId: string): string[] {
  return [...new Set((graph.outbound.get(nodeId) ?? []).map((e) => e.to.node))];
}
