import type { TemplateGraph } from '@conveyor/nodes';
import { CATEGORY_HEX, definitionFor } from '../model/node-catalog-view';

/** A small drawing of a graph (nodes as category-coloured pills, edges as curves) for cards. */
export function GraphThumbnail({ graph, className }: { graph: TemplateGraph; className?: string }) {
  const W = 240;
  const H = 110;
  if (graph.nodes.length === 0) return null;
  const xs = graph.nodes.map((n) => n.position.x);
  const ys = graph.nodes.map((n) => n.position.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs) + W, Math.min(...ys), Math.max(...ys) + H];
  const pos = new Map(graph.nodes.map((n) => [n.id, n.position]));
  const view = `${minX - 40} ${minY - 40} ${maxX - minX + 80} ${maxY - minY + 80}`;
  return (
    <svg
      viewBox={view}
      className={className}
      role="img"
      aria-label={`${graph.nodes.length} nodes`}
      preserveAspectRatio="xMidYMid meet"
    >
      {graph.edges.map((e, i) => {
        const a = pos.get(e.from.node);
        const b = pos.get(e.to.node);
        if (!a || !b) return null;
        const [x1, y1, x2, y2] = [a.x + W, a.y + H / 2, b.x, b.y + H / 2];
        const mid = (x1 + x2) / 2;
        return (
          <path
            key={i}
            d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
            fill="none"
            stroke="#d4d4d8"
            strokeWidth={6}
          />
        );
      })}
      {graph.nodes.map((n) => {
        const def = definitionFor(n.type, n.typeVersion);
        return (
          <g key={n.id}>
            <rect
              x={n.position.x}
              y={n.position.y}
              width={W}
              height={H}
              rx={12}
              fill="#fff"
              stroke="#e4e4e7"
              strokeWidth={4}
            />
            <rect
              x={n.position.x}
              y={n.position.y}
              width={W}
              height={10}
              rx={5}
              fill={def ? CATEGORY_HEX[def.category] : '#a1a1aa'}
            />
          </g>
        );
      })}
    </svg>
  );
}
