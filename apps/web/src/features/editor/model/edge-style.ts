import type { Edge } from '@xyflow/react';
import type { PortType } from '@conveyor/nodes';
import type { EditorEdge, EditorNode } from './editor-graph';
import { PORT_COLOURS, definitionFor, portsFor } from './node-catalog-view';

type Status = string | undefined;

interface Styled {
  data: EditorNode['data'] | undefined;
  sourceStatus: Status;
  targetStatus: Status;
  edge: Edge;
}

/** Remembers each edge's styled form between renders (keyed by the store's edge object). */
export type EdgeStyleCache = WeakMap<EditorEdge, Styled>;

/**
 * The canvas edges: coloured by the source port's type, highlighted when selected, animated
 * and dimmed by the test run. An edge whose own object, source node data and run statuses
 * are unchanged keeps the object it had, so React Flow re-renders only edges that changed —
 * dragging or selecting in a large workflow would otherwise restyle every edge each time.
 */
export function styleEdges(
  edges: readonly EditorEdge[],
  nodes: readonly EditorNode[],
  runStatus: ReadonlyMap<string, { status: string }>,
  cache: EdgeStyleCache,
): Edge[] {
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  return edges.map((e) => {
    const source = nodeById.get(e.source);
    const targetStatus = runStatus.get(e.target)?.status;
    const sourceStatus = runStatus.get(e.source)?.status;
    const previous = cache.get(e);
    if (
      previous &&
      previous.data === source?.data &&
      previous.sourceStatus === sourceStatus &&
      previous.targetStatus === targetStatus
    ) {
      return previous.edge;
    }
    const def = source ? definitionFor(source.data.type, source.data.typeVersion) : undefined;
    const port = portsFor(def, source?.data.config).outputs.find((p) => p.name === e.sourceHandle);
    const colour = port ? (port.kind === 'error' ? '#dc2626' : PORT_COLOURS[port.type as PortType]) : '#a1a1aa';
    const edge: Edge = {
      ...e,
      animated: targetStatus === 'running' || (sourceStatus === 'succeeded' && targetStatus === 'pending'),
      style: {
        stroke: e.selected ? '#2563eb' : colour,
        strokeWidth: e.selected ? 2.5 : 1.75,
        opacity: sourceStatus === 'skipped' || targetStatus === 'skipped' ? 0.35 : 1,
      },
    };
    cache.set(e, { data: source?.data, sourceStatus, targetStatus, edge });
    return edge;
  });
}
