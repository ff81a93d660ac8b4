'use client';

import { Minus, Plus, Scan } from 'lucide-react';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Button } from '@/components/ui';
import { classColor, formatScore } from '@/features/evidence';
import { cn } from '@/lib/cn';
import { boxFromPoints, moveBox, resizeBox, type Box, type Corner, type EditableBox } from './box-geometry';

export interface ReviewCanvasProps {
  src: string;
  alt: string;
  width?: number | null;
  height?: number | null;
  boxes: EditableBox[];
  /** Hidden classes and the score threshold (model boxes under it are hidden; drawn ones never). */
  hidden: ReadonlySet<string>;
  threshold: number;
  editing: boolean;
  selectedKey: string | null;
  onSelect: (key: string | null) => void;
  onChange: (boxes: EditableBox[]) => void;
  /** A box was drawn: the page asks for its label. */
  onDrawn?: (box: Box) => void;
  className?: string;
}

type Drag =
  | { kind: 'pan'; startX: number; startY: number; panX: number; panY: number }
  | { kind: 'move'; key: string; startX: number; startY: number; box: Box }
  | { kind: 'resize'; key: string; corner: Corner; box: Box }
  | { kind: 'draw'; x: number; y: number; box: Box };

const MIN_ZOOM = 1;
const MAX_ZOOM = 8;

/**
 * The photo under review with its boxes, zoomable (wheel, buttons) and pannable (drag).
 * In edit mode boxes are moved by dragging, resized by their corner handles, and new ones
 * drawn by dragging on empty image; arrow keys and Delete work on the selected box (the
 * page's shortcuts). Coordinates stay normalised (0..1), as the models report them.
 */
export function ReviewCanvas({
  src,
  alt,
  width,
  height,
  boxes,
  hidden,
  threshold,
  editing,
  selectedKey,
  onSelect,
  onChange,
  onDrawn,
  className,
}: ReviewCanvasProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [drag, setDrag] = useState<Drag | null>(null);
  const [failed, setFailed] = useState(false);
  const w = width ?? natural?.w ?? 1000;
  const h = height ?? natural?.h ?? 750;

  const visible = boxes.filter(
    (b) => !hidden.has(b.label) && (b.score === undefined || b.score >= threshold || b.key === selectedKey),
  );

  const point = (e: { clientX: number; clientY: number }) => {
    const rect = svgRef.current!.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width)),
      y: Math.min(1, Math.max(0, (e.clientY - rect.top) / rect.height)),
    };
  };
  const setZoomClamped = (z: number) => {
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    setZoom(next);
    if (next === 1) setPan({ x: 0, y: 0 });
  };
  // React's wheel listeners are passive; zooming must stop the page from scrolling.
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const z = zoomRef.current;
      if (!e.ctrlKey && !e.metaKey && z === 1 && e.deltaY > 0) return; // let the page scroll past
      e.preventDefault();
      const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z * (e.deltaY < 0 ? 1.2 : 1 / 1.2)));
      setZoom(next);
      if (next === 1) setPan({ x: 0, y: 0 });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  const update = (key: string, box: Box) => onChange(boxes.map((b) => (b.key === key ? { ...b, box } : b)));

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    const target = e.target as SVGElement;
    const key = target.dataset.key;
    const corner = target.dataset.corner as Corner | undefined;
    const p = point(e);
    svgRef.current!.setPointerCapture(e.pointerId);
    if (editing && key && corner) {
      const b = boxes.find((x) => x.key === key)!;
      setDrag({ kind: 'resize', key, corner, box: b.box });
    } else if (editing && key) {
      onSelect(key);
      const b = boxes.find((x) => x.key === key)!;
      setDrag({ kind: 'move', key, startX: p.x, startY: p.y, box: b.box });
    } else if (editing) {
      onSelect(null);
      setDrag({ kind: 'draw', x: p.x, y: p.y, box: { x: p.x, y: p.y, width: 0, height: 0 } });
    } else {
      if (key) onSelect(key);
      setDrag({ kind: 'pan', startX: e.clientX, startY: e.clientY, panX: pan.x, panY: pan.y });
    }
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    if (drag.kind === 'pan') {
      if (zoom > 1) setPan({ x: drag.panX + e.clientX - drag.startX, y: drag.panY + e.clientY - drag.startY });
      return;
    }
    const p = point(e);
    if (drag.kind === 'move') update(drag.key, moveBox(drag.box, p.x - drag.startX, p.y - drag.startY));
    else if (drag.kind === 'resize') update(drag.key, resizeBox(drag.box, drag.corner, p.x, p.y));
    else setDrag({ ...drag, box: boxFromPoints(drag.x, drag.y, p.x, p.y) });
  };
  const onPointerUp = () => {
    if (drag?.kind === 'draw' && drag.box.width > 0.01 && drag.box.height > 0.01) onDrawn?.(drag.box);
    setDrag(null);
  };

  const stroke = Math.max(2, Math.round(w / 300)) / zoom;
  const font = Math.max(11, Math.round(w / 48)) / zoom;
  const handle = Math.max(8, Math.round(w / 90)) / zoom;

  return (
    <div className={cn('relative', className)}>
      <div
        ref={frameRef}
        className="relative flex h-[min(62vh,560px)] items-center justify-center overflow-hidden rounded-md border border-zinc-200 bg-zinc-950"
        onDoubleClick={() => setZoomClamped(1)}
      >
        {failed ? (
          <p className="text-sm text-zinc-400">The image could not be loaded</p>
        ) : (
          <div
            className="relative max-h-full max-w-full"
            style={{ transform: `translate(${pan.x}px, ${pan.y}px) scale(${zoom})`, transformOrigin: 'center' }}
          >
            <img
              src={src}
              alt={alt}
              draggable={false}
              onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
              onError={() => setFailed(true)}
              className="block max-h-[min(62vh,560px)] max-w-full select-none"
              style={{ aspectRatio: `${w} / ${h}` }}
            />
            <svg
              ref={svgRef}
              role="img"
              aria-label={`${visible.length} boxes${editing ? ' (editing)' : ''}`}
              data-testid="review-canvas"
              viewBox={`0 0 ${w} ${h}`}
              preserveAspectRatio="none"
              className={cn(
                'absolute inset-0 h-full w-full touch-none',
                editing ? 'cursor-crosshair' : zoom > 1 ? 'cursor-grab' : 'cursor-default',
              )}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            >
              {visible.map((b) => {
                const color = classColor(b.label);
                const selected = b.key === selectedKey;
                const x = b.box.x * w;
                const y = b.box.y * h;
                const bw = b.box.width * w;
                const bh = b.box.height * h;
                const text = `${b.label}${b.score === undefined ? ' ✎' : ` ${formatScore(b.score)}`}`;
                return (
                  <g key={b.key} data-testid={`box-${b.key}`} data-label={b.label}>
                    <rect
                      data-key={b.key}
                      x={x}
                      y={y}
                      width={bw}
                      height={bh}
                      fill={selected ? `${color}33` : 'transparent'}
                      stroke={color}
                      strokeWidth={selected ? stroke * 1.8 : stroke}
                      strokeDasharray={b.modelIndex === undefined ? `${stroke * 3} ${stroke * 2}` : undefined}
                      className={editing ? 'cursor-move' : 'cursor-pointer'}
                    />
                    <rect
                      x={x}
                      y={Math.max(0, y - font * 1.35)}
                      width={text.length * font * 0.58 + font * 0.6}
                      height={font * 1.35}
                      fill={color}
                      pointerEvents="none"
                    />
                    <text
                      x={x + font * 0.3}
                      y={Math.max(0, y - font * 1.35) + font}
                      fontSize={font}
                      fill="white"
                      fontFamily="ui-sans-serif, system-ui"
                      pointerEvents="none"
                    >
                      {text}
                    </text>
                    {editing && selected
                      ? (['nw', 'ne', 'sw', 'se'] as const).map((c) => (
                          <rect
                            key={c}
                            data-key={b.key}
                            data-corner={c}
                            x={(c.endsWith('w') ? x : x + bw) - handle / 2}
                            y={(c.startsWith('n') ? y : y + bh) - handle / 2}
                            width={handle}
                            height={handle}
                            fill="white"
                            stroke={color}
                            strokeWidth={stroke}
                            className={c === 'nw' || c === 'se' ? 'cursor-nwse-resize' : 'cursor-nesw-resize'}
                          />
                        ))
                      : null}
                  </g>
                );
              })}
              {drag?.kind === 'draw' ? (
                <rect
                  x={drag.box.x * w}
                  y={drag.box.y * h}
                  width={drag.box.width * w}
                  height={drag.box.height * h}
                  fill="#ffffff22"
                  stroke="white"
                  strokeWidth={stroke}
                  strokeDasharray={`${stroke * 3} ${stroke * 2}`}
                />
              ) : null}
            </svg>
          </div>
        )}
        <div className="absolute right-2 bottom-2 flex items-center gap-1 rounded-md bg-white/90 p-1 shadow-card">
          <Button size="icon" variant="ghost" aria-label="Zoom out" onClick={() => setZoomClamped(zoom / 1.25)}>
            <Minus />
          </Button>
          <span className="w-11 text-center text-xs text-zinc-600 tabular-nums" data-testid="zoom-level">
            {Math.round(zoom * 100)}%
          </span>
          <Button size="icon" variant="ghost" aria-label="Zoom in" onClick={() => setZoomClamped(zoom * 1.25)}>
            <Plus />
          </Button>
          <Button size="icon" variant="ghost" aria-label="Fit to view" onClick={() => setZoomClamped(1)}>
            <Scan />
          </Button>
        </div>
        {editing ? (
          <div className="absolute top-2 left-2 rounded-md bg-amber-400 px-2 py-1 text-xs font-medium text-amber-950 shadow-card">
            Editing boxes — drag to draw · drag a box to move · corners resize · arrows nudge · Del removes · Esc done
          </div>
        ) : null}
      </div>
    </div>
  );
}
