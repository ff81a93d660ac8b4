'use client';

import { useMemo, useState } from 'react';
import { cn } from '@/lib/cn';
import { classColor } from './class-colors';
import { formatScore } from './evidence-model';

export interface ViewerDetection {
  label: string;
  score: number;
  /** Normalised to the image (0..1), top-left origin. */
  box: { x: number; y: number; width: number; height: number };
}

export interface DetectionViewerProps {
  src: string;
  alt: string;
  detections: readonly ViewerDetection[];
  /** Pixel size of the image when known (a MediaRef carries it); otherwise read when it loads. */
  width?: number;
  height?: number;
  /** Initial minimum score; the user can move it. */
  minScore?: number;
  /** Model that produced the boxes, shown in the caption. */
  model?: { name: string; version: string };
  className?: string;
}

/**
 * An image with its detections drawn over it: an SVG overlay in the image's natural pixel
 * coordinates (so boxes stay exact at any display size), label and score on each box, one
 * colour per class. Classes toggle on and off, a slider hides boxes under a score, and
 * hovering a box or its row highlights both.
 */
export function DetectionViewer({
  src,
  alt,
  detections,
  width,
  height,
  minScore = 0,
  model,
  className,
}: DetectionViewerProps) {
  const [loaded, setLoaded] = useState<{ w: number; h: number } | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [threshold, setThreshold] = useState(minScore);
  const [hover, setHover] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const w = width ?? loaded?.w;
  const h = height ?? loaded?.h;

  const classes = useMemo(() => {
    const counts = new Map<string, number>();
    for (const d of detections) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [detections]);
  const ordered = useMemo(
    () => detections.map((d, index) => ({ ...d, index })).sort((a, b) => b.score - a.score),
    [detections],
  );
  const visible = ordered.filter((d) => d.score >= threshold && !hidden.has(d.label));
  const toggle = (label: string) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(label)) next.delete(label);
      else next.add(label);
      return next;
    });
  const fontSize = w ? Math.max(10, Math.round(w / 45)) : 12;

  return (
    <figure className={cn('space-y-3', className)}>
      <div className="flex justify-center overflow-hidden rounded-md border border-zinc-200 bg-zinc-900">
        <div className="relative inline-block max-w-full">
          {failed ? (
            <div className="flex h-48 w-80 items-center justify-center text-sm text-zinc-300">
              The image could not be loaded
            </div>
          ) : (
            <img
              src={src}
              alt={alt}
              className="block h-auto max-h-[28rem] w-auto max-w-full"
              onLoad={(e) => setLoaded({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
              onError={() => setFailed(true)}
            />
          )}
          {w && h && !failed ? (
            <svg
              viewBox={`0 0 ${w} ${h}`}
              preserveAspectRatio="none"
              className="pointer-events-none absolute inset-0 h-full w-full"
              role="img"
              aria-label={`${visible.length} detection${visible.length === 1 ? '' : 's'} drawn on the image`}
            >
              {visible.map((d) => {
                const color = classColor(d.label);
                const x = d.box.x * w;
                const y = d.box.y * h;
                const bw = d.box.width * w;
                const bh = d.box.height * h;
                const active = hover === d.index;
                const dim = hover !== null && !active;
                const caption = `${d.label} ${formatScore(d.score)}`;
                const labelY = y > fontSize * 1.6 ? y - fontSize * 1.5 : y;
                return (
                  <g
                    key={d.index}
                    data-testid="detection-box"
                    data-label={d.label}
                    data-active={active || undefined}
                    opacity={dim ? 0.35 : 1}
                    className="pointer-events-auto cursor-pointer"
                    onMouseEnter={() => setHover(d.index)}
                    onMouseLeave={() => setHover(null)}
                  >
                    <title>{caption}</title>
                    <rect
                      x={x}
                      y={y}
                      width={bw}
                      height={bh}
                      fill={color}
                      fillOpacity={active ? 0.18 : 0.04}
                      stroke={color}
                      strokeWidth={active ? 4 : 2}
                      vectorEffect="non-scaling-stroke"
                    />
                    <rect
                      x={x}
                      y={labelY}
                      width={caption.length * fontSize * 0.62 + fontSize * 0.6}
                      height={fontSize * 1.5}
                      fill={color}
                    />
                    <text
                      x={x + fontSize * 0.3}
                      y={labelY + fontSize * 1.1}
                      fontSize={fontSize}
                      fill="#fff"
                      fontFamily="ui-sans-serif, system-ui, sans-serif"
                      fontWeight={600}
                    >
                      {caption}
                    </text>
                  </g>
                );
              })}
            </svg>
          ) : null}
        </div>
      </div>

      <figcaption className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          {classes.map(([label, count]) => {
            const on = !hidden.has(label);
            return (
              <button
                key={label}
                type="button"
                aria-pressed={on}
                onClick={() => toggle(label)}
                className={cn(
                  'inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium transition-colors',
                  on
                    ? 'border-zinc-300 bg-white text-zinc-800'
                    : 'border-dashed border-zinc-300 bg-zinc-50 text-zinc-400 line-through',
                )}
              >
                <span
                  aria-hidden
                  className="size-2.5 rounded-sm"
                  style={{ background: on ? classColor(label) : '#d4d4d8' }}
                />
                {label}
                <span className="text-zinc-500">{count}</span>
              </button>
            );
          })}
          <label className="ml-auto flex items-center gap-2 text-xs text-zinc-600">
            Min score
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
              className="w-28 accent-accent-600"
              aria-valuetext={formatScore(threshold)}
            />
            <span className="w-8 tabular-nums">{formatScore(threshold)}</span>
          </label>
        </div>
        <p className="text-xs text-zinc-500">
          {visible.length} of {detections.length} detection{detections.length === 1 ? '' : 's'} shown
          {model ? (
            <>
              {' · '}
              <span className="font-mono">
                {model.name}@{model.version}
              </span>
            </>
          ) : null}
        </p>
        {ordered.length ? (
          <table className="w-full text-left text-xs">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Label</th>
                <th className="py-1 font-medium">Score</th>
                <th className="py-1 font-medium">Box (px)</th>
                <th className="py-1 font-medium">Box (normalised)</th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((d) => {
                const shown = d.score >= threshold && !hidden.has(d.label);
                return (
                  <tr
                    key={d.index}
                    onMouseEnter={() => setHover(d.index)}
                    onMouseLeave={() => setHover(null)}
                    className={cn(
                      'border-t border-zinc-100',
                      hover === d.index && 'bg-accent-50',
                      !shown && 'text-zinc-400',
                    )}
                  >
                    <td className="py-1">
                      <span className="inline-flex items-center gap-1.5">
                        <span aria-hidden className="size-2 rounded-sm" style={{ background: classColor(d.label) }} />
                        {d.label}
                      </span>
                    </td>
                    <td className="py-1 tabular-nums">{formatScore(d.score)}</td>
                    <td className="py-1 font-mono tabular-nums">
                      {w && h
                        ? `${Math.round(d.box.x * w)},${Math.round(d.box.y * h)} ${Math.round(d.box.width * w)}×${Math.round(d.box.height * h)}`
                        : '—'}
                    </td>
                    <td className="py-1 font-mono tabular-nums">
                      {[d.box.x, d.box.y, d.box.width, d.box.height].map((v) => v.toFixed(3)).join(' ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="text-xs text-zinc-500">No detections above the node’s minimum confidence.</p>
        )}
      </figcaption>
    </figure>
  );
}
