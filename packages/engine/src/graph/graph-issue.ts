import { formatConfigPath } from '@conveyor/nodes';
import type { GraphNode } from './graph-schema.ts';

export const GRAPH_ISSUE_CODES = [
  'invalid_shape',
  'duplicate_node_id',
  'duplicate_edge_id',
  'unknown_node_type',
  'unknown_node_version',
  'invalid_config',
  'edge_unknown_node',
  'edge_unknown_port',
  'port_type_mismatch',
  'duplicate_edge',
  'input_multiple_edges',
  'required_input_unconnected',
  'cycle',
  'unreachable_node',
  'missing_entry',
] as const;
export type GraphIssueCode = (typeof GRAPH_ISSUE_CODES)[number];

export interface GraphIssue {
  readonly code: GraphIssueCode;
  /** Where in the graph JSON, e.g. `nodes[3].config.minConfidence` or `edges[2].to.port`. */
  readonly path: string;
  readonly message: string;
  /** The node the issue is about, so the editor can highlight it. */
  readonly nodeId?: string;
  readonly edgeIndex?: number;
  /** For port issues on a node (e.g. a required input left unconnected). */
  readonly port?: string;
  /** For cycles: the nodes in cycle order. */
  readonly nodeIds?: readonly string[];
}

/** `['nodes', 3, 'config', 'min']` → `nodes[3].config.min`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return formatConfigPath(segments);
}

/** How messages name a node: its label if it has one, with its type. */
export function nodeName(node: Pick<GraphNode, 'id' | 'type' | 'label'>): string {
  return `'${node.label ?? node.id}' (${node.type})`;
}
