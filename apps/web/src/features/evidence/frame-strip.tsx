'use client';

import { cn } from '@/lib/cn';
import { classColor } from './class-colors';
import { formatScore, formatTimestamp } from './evidence-model';

export interface StripFrame {
  mediaId: string;
  src: string;
  /** Time in the video; absent for photos that passed through the sampler. */
  timestampMs?: number;
  /** What the models found on this frame (detections above threshold, the classifier's top label). */
  hits?: { label: string; score: number }[];
}

export interface FrameStripProps {
  frames: readonly StripFrame[];
  selectedId?: string | null;
  onSelect?: (mediaId: string) => void;
  className?: string;
}

/**
 * Video frames as a horizontal strip with their timestamps; frames where a model found
 * something carry its best hits. Selecting a frame (click, or arrows inside the strip)
 * lets the page show it large with its boxes.
 */
export function FrameStrip({ frames, selectedId, onSelect, className }: FrameStripProps) {
  const withHits = frames.filter((f) => f.hits?.length).length;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!onSelect || !frames.length) return;
    const i = frames.findIndex((f) => f.mediaId === selectedId);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = frames[Math.min(frames.length - 1, Math.max(0, to))]!;
    onSelect(next.mediaId);
  };
  return (
    <div className={cn('space-y-1.5', className)}>
      <p className="text-xs text-zinc-500">
        {frames.length} frame{frames.length === 1 ? '' : 's'} · {withHits} with hits
      </p>
      <ol className="flex gap-2 overflow-x-auto pb-2" aria-label="Video frames" onKeyDown={onKeyDown}>
        {frames.map((f, i) => {
          const selected = f.mediaId === selectedId;
          const best = [...(f.hits ?? [])].sort((a, b) => b.score - a.score)[0];
          return (
            <li key={f.mediaId} className="shrink-0">
              <button
                type="button"
                aria-pressed={selected}
                aria-label={`Frame ${i + 1}${f.timestampMs === undefined ? '' : ` at ${formatTimestamp(f.timestampMs)}`}${
                  f.hits?.length ? `, ${f.hits.length} hit${f.hits.length === 1 ? '' : 's'}` : ''
                }`}
                onClick={() => onSelect?.(f.mediaId)}
                className={cn(
                  'group relative block w-32 overflow-hidden rounded-md border bg-zinc-100 text-left',
                  selected ? 'border-accent-600 ring-2 ring-accent-600/40' : 'border-zinc-200 hover:border-zinc-400',
                )}
              >
                <img src={f.src} alt="" loading="lazy" className="block aspect-video w-full object-cover" />
                <span className="flex items-center justify-between gap-1 bg-white px-1.5 py-1 text-[11px]">
                  <span className="font-mono tabular-nums text-zinc-700">
                    {f.timestampMs === undefined ? `#${i + 1}` : formatTimestamp(f.timestampMs)}
                  </span>
                  {best ? (
                    <span
                      className="truncate rounded px-1 font-medium text-white"
                      style={{ background: classColor(best.label) }}
                      title={(f.hits ?? []).map((h) => `${h.label} ${formatScore(h.score)}`).join(', ')}
                    >
                      {best.label} {formatScore(best.score)}
                    </span>
                  ) : (
                    <span className="text-zinc-400">no hits</span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
