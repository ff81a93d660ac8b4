import type { GraphEdge, GraphNode, WorkflowGraph } from './graph-schema.ts';

/** Small builders so each test states only the part of the graph it is about. */

export const WEBHOOK_CONFIG = { url: 'https://claims.example.com/hook', secret: 'claims-webhook' };

export function node(id: string, type: string, config: Record<string, unknown> = {}, typeVersion = 1): GraphNode {
  return { id, type, typeVersion, config, position: { x: 0, y: 0 } };
}

export function edge(from: string, fromPort: string, to: string, toPort: string): GraphEdge {
  return { from: { node: from, port: fromPort }, to: { node: to, port: toPort } };
}

/** claim (ingest) → detect (detector) → triage (rule) → send (webhook): valid as is. */
export function minimalGraph(): WorkflowGraph {
  return {
    nodes: [
      node('claim', 'ingest'),
      node('detect', 'detector'),
      node('triage', 'rule'),
      node('send', 'webhook', WEBHOOK_CONFIG),
    ],
    edges: [
      edge('claim', 'media', 'detect', 'media'),
      edge('detect', 'detections', 'triage', 'detections'),
      edge('triage', 'approve', 'send', 'payload'),
    ],
  };
}
