import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode, WorkflowGraph } from '@conveyor/engine';

/** What a canvas node carries: the saved node minus its id and position. */
export interface WorkflowNodeData extends Record<string, unknown> {
  type: string;
  typeVersion: number;
  label?: string;
  config: Record<string, unknown>;
}

export type EditorNode = Node<WorkflowNodeData, 'workflow'>;
export type EditorEdge = Edge;

export function edgeId(e: Pick<GraphEdge, 'from' | 'to'>): string {
  return `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
}

export function toEditorNode(n: GraphNode): EditorNode {
  return {
    id: n.id,
    type: 'workflow',
    position: { x: n.position.x, y: n.position.y },
    data: {
      type: n.type,
      typeVersion: n.typeVersion,
      ...(n.label === undefined ? {} : { label: n.label }),
      config: n.config,
    },
  };
}

export function toEditorEdge(e: GraphEdge): EditorEdge {
  return {
    id: e.id ?? edgeId(e),
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
  };
}

export function fromGraph(graph: WorkflowGraph): { nodes: EditorNode[]; edges: EditorEdge[] } {
  return { nodes: graph.nodes.map(toEditorNode), edges: graph.edges.map(toEditorEdge) };
}

/** The saved shape. Positions are rounded: sub-pixel drags are not worth a diff line. */
export function toGraph(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): WorkflowGraph {
  return {
    nodes: nodes.map((n): GraphNode => ({
      id: n.id,
      type: n.data.type,
      typeVersion: n.data.typeVersion,
      ...(n.data.label ? { label: n.data.label } : {}),
      config: n.data.config,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e): GraphEdge => ({
      id: e.id,
      from: { node: e.source, port: e.sourceHandle ?? '' },
      to: { node: e.target, port: e.targetHandle ?? '' },
    })),
  };
}

/** A readable id that is free in the graph: `detector`, `detector-2`, … */
export function freeNodeId(base: string, taken: ReadonlySet<string>): string {
  const stem =
    base
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i += 1) {
    const id = `${stem}-${i}`;
    if (!taken.has(id)) return id;
  }
}
