import { z } from 'zod';
import { graphEdgeSchema, graphNodeSchema, type GraphEdge, type GraphNode } from '@conveyor/engine';
import { edgeId, freeNodeId } from './editor-graph.ts';

/**
 * Copy/paste through the system clipboard as JSON, so nodes copied in one workflow (or
 * browser tab) paste into another. Only edges between copied nodes travel with them.
 */
export const CLIPBOARD_KIND = 'conveyor/nodes';

const clipboardSchema = z.object({
  kind: z.literal(CLIPBOARD_KIND),
  version: z.literal(1),
  nodes: z.array(graphNodeSchema).min(1).max(500),
  edges: z.array(graphEdgeSchema).max(2000),
});

export function serializeSelection(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const ids = new Set(nodes.map((n) => n.id));
  const inner = edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node));
  return JSON.stringify({ kind: CLIPBOARD_KIND, version: 1, nodes, edges: inner });
}

/** Undefined for anything that is not our clipboard JSON (text from elsewhere is ignored). */
export function parseClipboard(text: string): { nodes: GraphNode[]; edges: GraphEdge[] } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = clipboardSchema.safeParse(raw);
  return parsed.success ? { nodes: parsed.data.nodes, edges: parsed.data.edges } : undefined;
}

/**
 * Pasted nodes get ids free in the target graph, keep their relative layout, and land at
 * `at` (the pointer) or offset from the originals; edges are rewired to the new ids.
 */
export function prepareClipboardPaste(
  clip: { nodes: GraphNode[]; edges: GraphEdge[] },
  takenIds: ReadonlySet<string>,
  placement: { at?: { x: number; y: number }; offset?: number } = {},
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const taken = new Set(takenIds);
  const mapping = new Map<string, string>();
  for (const node of clip.nodes) {
    const id = freeNodeId(node.id, taken);
    taken.add(id);
    mapping.set(node.id, id);
  }
  const minX = Math.min(...clip.nodes.map((n) => n.position.x));
  const minY = Math.min(...clip.nodes.map((n) => n.position.y));
  const offset = placement.offset ?? 40;
  const dx = placement.at ? placement.at.x - minX : offset;
  const dy = placement.at ? placement.at.y - minY : offset;
  const nodes = clip.nodes.map((n) => ({
    ...structuredClone(n),
    id: mapping.get(n.id)!,
    position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) },
  }));
  const edges = clip.edges.map((e) => {
    const edge = {
      from: { node: mapping.get(e.from.node)!, port: e.from.port },
      to: { node: mapping.get(e.to.node)!, port: e.to.port },
    };
    return { id: edgeId(edge), ...edge };
  });
  return { nodes, edges };
}
