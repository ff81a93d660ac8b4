import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { WorkflowGraph } from '@conveyor/engine';

const elk = new ELK();

export const DEFAULT_NODE_SIZE = { width: 240, height: 140 };

/**
 * Auto-layout with ELK's layered algorithm, left to right, one port per handle so edges
 * leave from and arrive at the right side of each node in port order. Returns positions
 * only; the caller applies them (one undo step).
 */
export async function layoutGraph(
  graph: WorkflowGraph,
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Promise<Map<string, { x: number; y: number }>> {
  const portsOf = new Map<string, { inputs: Set<string>; outputs: Set<string> }>();
  for (const node of graph.nodes) portsOf.set(node.id, { inputs: new Set(), outputs: new Set() });
  for (const edge of graph.edges) {
    portsOf.get(edge.from.node)?.outputs.add(edge.from.port);
    portsOf.get(edge.to.node)?.inputs.add(edge.to.port);
  }
  const portId = (node: string, side: 'in' | 'out', port: string) => `${node}::${side}::${port}`;
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.portConstraints': 'FIXED_ORDER',
    },
    children: graph.nodes.map((node) => {
      const size = sizes.get(node.id) ?? DEFAULT_NODE_SIZE;
      const ports = portsOf.get(node.id)!;
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          ...[...ports.inputs].map((p) => ({
            id: portId(node.id, 'in', p),
            width: 1,
            height: 1,
            layoutOptions: { 'elk.port.side': 'WEST' },
          })),
          ...[...ports.outputs].map((p) => ({
            id: portId(node.id, 'out', p),
            width: 1,
            height: 1,
            layoutOptions: { 'elk.port.side': 'EAST' },
          })),
        ],
      };
    }),
    edges: graph.edges
      .filter((e) => portsOf.has(e.from.node) && portsOf.has(e.to.node))
      .map((e, index) => ({
        id: `e${index}`,
        sources: [portId(e.from.node, 'out', e.from.port)],
        targets: [portId(e.to.node, 'in', e.to.port)],
      })),
  };
  const laid = await elk.layout(root);
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of laid.children ?? []) {
    positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  }
  return positions;
}
