'use client';

import { FileIcon } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { ClassifierScores } from './classifier-scores';
import { DetectionViewer } from './detection-viewer';
import {
  evidenceOf,
  frameTimes,
  mediaIndex,
  type Detections,
  type EvidenceItem,
  type MediaRef,
} from './evidence-model';
import { FrameStrip, type StripFrame } from './frame-strip';
import { JsonView } from './json-view';
import { defaultMediaUrl, type MediaUrl } from './media-url';
import { OcrEvidence } from './ocr-evidence';
import { RuleTrace } from './rule-trace';

export interface StepEvidenceProps {
  /** Port values to show: a step's outputs or inputs, or a review task's evidence (`{ port: value }`). */
  values: unknown;
  /**
   * The step's own inputs, when `values` are its outputs: the images a detector looked at
   * are shown even where it kept no detection (and their sizes let boxes draw at once).
   */
  inputs?: unknown;
  /**
   * Other port maps of the same run (e.g. the step's inputs, other steps' outputs): where
   * the images behind detections, frame times and per-frame hits are looked up.
   */
  context?: readonly unknown[];
  mediaUrl?: MediaUrl;
  /** Shown when there is nothing to show. */
  empty?: ReactNode;
  className?: string;
}

/**
 * The evidence of one step, each port value in the view that suits it: detections over
 * their image, classifier bars, OCR text beside its crop, the rule trace in words, video
 * frames as a strip, plain media as thumbnails, anything else as JSON.
 */
export function StepEvidence({
  values,
  inputs,
  context = [],
  mediaUrl = defaultMediaUrl,
  empty,
  className,
}: StepEvidenceProps) {
  const items = useMemo(() => evidenceOf(values), [values]);
  const inputItems = useMemo(() => evidenceOf(inputs), [inputs]);
  const around = useMemo(
    () => [...items, ...inputItems, ...context.flatMap((c) => evidenceOf(c))],
    [items, inputItems, context],
  );
  const looked = useMemo(
    () =>
      inputItems.flatMap((i) => (i.kind === 'media' ? i.media.filter((m) => m.contentType.startsWith('image/')) : [])),
    [inputItems],
  );
  const media = useMemo(() => mediaIndex(around), [around]);
  const times = useMemo(() => frameTimes(around), [around]);
  const hits = useMemo(() => hitsByMedia(around), [around]);

  if (!items.length)
    return <div className={cn('text-sm text-zinc-500', className)}>{empty ?? 'Nothing recorded.'}</div>;
  // A sampler's `frames` + `samples` read best as one strip with times.
  const shown = items.filter((i) => !(i.kind === 'frames' && items.some((o) => o.kind === 'media')));
  return (
    <div className={cn('space-y-5', className)}>
      {shown.map((item) => (
        <section key={item.port} aria-label={item.port} className="space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{item.port}</h4>
          <EvidenceItemView item={item} media={media} times={times} hits={hits} looked={looked} mediaUrl={mediaUrl} />
        </section>
      ))}
    </div>
  );
}

function EvidenceItemView({
  item,
  media,
  times,
  hits,
  looked,
  mediaUrl,
}: {
  item: EvidenceItem;
  media: Map<string, MediaRef>;
  times: Map<string, number>;
  hits: Map<string, { label: string; score: number }[]>;
  looked: MediaRef[];
  mediaUrl: MediaUrl;
}) {
  switch (item.kind) {
    case 'detections':
      return <DetectionsView value={item.value} media={media} times={times} looked={looked} mediaUrl={mediaUrl} />;
    case 'classification':
      return <ClassifierScores scores={item.value.scores} label={item.value.label} model={item.value.model} />;
    case 'text':
      return (
        <OcrEvidence
          text={item.value.text}
          confidence={item.value.confidence}
          serial={item.value.serial}
          {...(item.value.serialRaw ? { serialRaw: item.value.serialRaw } : {})}
          model={item.value.model}
          {...(item.value.crop ? { cropSrc: mediaUrl(item.value.crop.mediaId) } : {})}
        />
      );
    case 'decision':
      return <RuleTrace decision={item.value} />;
    case 'frames':
      return (
        <FramesView
          frames={item.value.videos.flatMap((v) =>
            v.frames.map((f) => ({
              mediaId: f.mediaId,
              src: mediaUrl(f.mediaId),
              timestampMs: f.timestampMs,
              hits: hits.get(f.mediaId) ?? [],
            })),
          )}
          mediaUrl={mediaUrl}
        />
      );
    case 'media': {
      const anyTimed = item.media.some((m) => times.has(m.mediaId));
      if (anyTimed || item.media.length > 6) {
        return (
          <FramesView
            frames={item.media.map((m) => ({
              mediaId: m.mediaId,
              src: mediaUrl(m.mediaId),
              ...(times.has(m.mediaId) ? { timestampMs: times.get(m.mediaId)! } : {}),
              hits: hits.get(m.mediaId) ?? [],
            }))}
            mediaUrl={mediaUrl}
          />
        );
      }
      return <MediaGrid media={item.media} mediaUrl={mediaUrl} />;
    }
    default:
      return <JsonView value={item.value} />;
  }
}

/**
 * Detections grouped by the image they were found on — and, when the step's inputs are
 * known, every image it looked at, boxes or not; several images become a strip.
 */
function DetectionsView({
  value,
  media,
  times,
  looked,
  mediaUrl,
}: {
  value: Detections;
  media: Map<string, MediaRef>;
  times: Map<string, number>;
  looked: MediaRef[];
  mediaUrl: MediaUrl;
}) {
  const byMedia = useMemo(() => {
    const groups = new Map<string, Detections['items']>(looked.map((m) => [m.mediaId, []]));
    for (const d of value.items) groups.set(d.mediaId, [...(groups.get(d.mediaId) ?? []), d]);
    return groups;
  }, [value, looked]);
  const ids = [...byMedia.keys()];
  const firstHit = ids.find((id) => (byMedia.get(id) ?? []).length > 0) ?? ids[0] ?? null;
  const [selected, setSelected] = useState<string | null>(firstHit);
  const model = (
    <span className="font-mono text-xs">
      {value.model.name}@{value.model.version}
    </span>
  );
  if (!ids.length) return <p className="text-sm text-zinc-500">No detections kept · {model}</p>;
  const current = selected && byMedia.has(selected) ? selected : firstHit!;
  const ref = media.get(current);
  return (
    <div className="space-y-3">
      {ids.length > 1 ? (
        <FrameStrip
          frames={ids.map((id) => ({
            mediaId: id,
            src: mediaUrl(id),
            ...(times.has(id) ? { timestampMs: times.get(id)! } : {}),
            hits: (byMedia.get(id) ?? []).map((d) => ({ label: d.label, score: d.score })),
          }))}
          selectedId={current}
          onSelect={setSelected}
        />
      ) : null}
      <DetectionViewer
        key={current}
        src={mediaUrl(current)}
        alt={`Image ${current} with detections`}
        detections={byMedia.get(current) ?? []}
        {...(ref?.width && ref.height ? { width: ref.width, height: ref.height } : {})}
        model={value.model}
      />
    </div>
  );
}

function FramesView({ frames, mediaUrl }: { frames: StripFrame[]; mediaUrl: MediaUrl }) {
  const [selected, setSelected] = useState<string | null>(frames[0]?.mediaId ?? null);
  return (
    <div className="space-y-3">
      <FrameStrip frames={frames} selectedId={selected} onSelect={setSelected} />
      {selected ? (
        <img
          src={mediaUrl(selected)}
          alt="Selected frame"
          className="max-h-80 rounded-md border border-zinc-200 object-contain"
        />
      ) : null}
    </div>
  );
}

function MediaGrid({ media, mediaUrl }: { media: MediaRef[]; mediaUrl: MediaUrl }) {
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-3">
      {media.map((m) => (
        <li key={m.mediaId} className="overflow-hidden rounded-md border border-zinc-200 bg-white">
          {m.contentType.startsWith('image/') ? (
            <a href={mediaUrl(m.mediaId)} target="_blank" rel="noreferrer">
              <img
                src={mediaUrl(m.mediaId)}
                alt={`Media ${m.mediaId}`}
                className="block aspect-[4/3] w-full object-cover"
              />
            </a>
          ) : m.contentType.startsWith('video/') ? (
            <video
              src={mediaUrl(m.mediaId)}
              controls
              preload="metadata"
              className="block aspect-video w-full bg-black"
            />
          ) : (
            <a
              href={mediaUrl(m.mediaId)}
              className="flex aspect-[4/3] items-center justify-center text-zinc-500"
              target="_blank"
              rel="noreferrer"
            >
              <FileIcon aria-hidden className="size-8" />
            </a>
          )}
          <p className="truncate px-2 py-1 text-[11px] text-zinc-500" title={m.mediaId}>
            {m.contentType}
            {m.width && m.height ? ` · ${m.width}×${m.height}` : ''}
            {m.durationMs ? ` · ${(m.durationMs / 1000).toFixed(1)} s` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Per-media hits for frame strips: kept detections and each image's top classifier label. */
function hitsByMedia(items: readonly EvidenceItem[]): Map<string, { label: string; score: number }[]> {
  const hits = new Map<string, { label: string; score: number }[]>();
  const add = (id: string, hit: { label: string; score: number }) => hits.set(id, [...(hits.get(id) ?? []), hit]);
  for (const item of items) {
    if (item.kind === 'detections')
      for (const d of item.value.items) add(d.mediaId, { label: d.label, score: d.score });
    if (item.kind === 'classification' && item.value.perMedia)
      for (const p of item.value.perMedia)
        if (p.label === item.value.label) add(p.mediaId, { label: p.label, score: p.score });
  }
  return hits;
}
