import { z } from 'zod';

/**
 * The workflow graph as saved by the editor and pinned by published versions. Strict
 * objects: a misspelt key in an API-submitted graph is reported, not silently dropped.
 */

/** Bounds keep validation and planning cheap for any input an API client can send. */
export const MAX_GRAPH_NODES = 500;
export const MAX_GRAPH_EDGES = 2000;

export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const portRefSchema = z.strictObject({
  node: z.string().min(1).max(64),
  port: z.string().min(1).max(64),
});
export type PortRef = z.infer<typeof portRefSchema>;

export const graphNodeSchema = z.strictObject({
  id: z.string().regex(NODE_ID_PATTERN, 'Node ids use letters, digits, _ and -, up to 64 characters'),
  type: z.string().min(1).max(64),
  typeVersion: z.number().int().positive(),
  label: z.string().max(120).optional(),
  config: z.record(z.string(), z.unknown()),
  position: z.strictObject({ x: z.number(), y: z.number() }),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  from: portRefSchema,
  to: portRefSchema,
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const workflowGraphSchema = z.strictObject({
  nodes: z.array(graphNodeSchema).max(MAX_GRAPH_NODES),
  edges: z.array(graphEdgeSchema).max(MAX_GRAPH_EDGES),
});
export type WorkflowGraph = z.infer<typeof workflowGraphSchema>;

/** Only the outer frame: lets the validator check nodes and edges one by one. */
export const graphFrameSchema = z.strictObject({
  nodes: z.array(z.unknown()).max(MAX_GRAPH_NODES),
  edges: z.array(z.unknown()).max(MAX_GRAPH_EDGES),
});
