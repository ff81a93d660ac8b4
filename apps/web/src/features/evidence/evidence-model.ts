import {
  classificationSchema,
  decisionSchema,
  detectionsSchema,
  mediaRefSchema,
  textResultSchema,
  type Classification,
  type Decision,
  type Detections,
  type MediaRef,
  type TextResult,
} from '@conveyor/nodes';
import { z } from 'zod';

/**
 * Recognises the evidence in port values (a step's inputs or outputs, a review task's
 * evidence) by shape, with the node catalog's own schemas, so every view shows the same
 * value the same way whichever node produced it. Unknown values fall back to JSON.
 */

export type { Classification, Decision, Detections, MediaRef, TextResult };

/** A video's frames with their times (the frame sampler's `samples` output). */
export const frameSamplesSchema = z.object({
  videos: z.array(
    z.object({
      videoId: z.string(),
      durationMs: z.number().optional(),
      frames: z.array(z.object({ mediaId: z.string(), timestampMs: z.number() })),
    }),
  ),
});
export type FrameSamples = z.infer<typeof frameSamplesSchema>;

export type EvidenceItem =
  | { kind: 'media'; port: string; media: MediaRef[] }
  | { kind: 'detections'; port: string; value: Detections }
  | {
      kind: 'classification';
      port: string;
      value: Classification & { perMedia?: { mediaId: string; label: string; score: number }[] };
    }
  | { kind: 'text'; port: string; value: TextResult & { mediaId?: string | null; serialRaw?: string } }
  | { kind: 'decision'; port: string; value: Decision }
  | { kind: 'frames'; port: string; value: FrameSamples }
  | { kind: 'json'; port: string; value: unknown };

/** One port value → what it is. Arrays of media are media; a single media ref too. */
export function classifyValue(port: string, value: unknown): EvidenceItem {
  const media = z.array(mediaRefSchema).safeParse(value);
  if (media.success && media.data.length > 0) return { kind: 'media', port, media: media.data };
  const single = mediaRefSchema.safeParse(value);
  if (single.success) return { kind: 'media', port, media: [single.data] };
  const detections = detectionsSchema.safeParse(value);
  if (detections.success) return { kind: 'detections', port, value: detections.data };
  const classification = classificationSchema.safeParse(value);
  if (classification.success) {
    const perMedia = (value as { perMedia?: unknown }).perMedia;
    return {
      kind: 'classification',
      port,
      value: { ...classification.data, ...(Array.isArray(perMedia) ? { perMedia: perMedia as never } : {}) },
    };
  }
  const text = textResultSchema.safeParse(value);
  if (text.success) {
    const extra = value as { mediaId?: unknown; serialRaw?: unknown };
    return {
      kind: 'text',
      port,
      value: {
        ...text.data,
        ...(typeof extra.mediaId === 'string' ? { mediaId: extra.mediaId } : {}),
        ...(typeof extra.serialRaw === 'string' ? { serialRaw: extra.serialRaw } : {}),
      },
    };
  }
  const decision = decisionSchema.safeParse(value);
  if (decision.success) return { kind: 'decision', port, value: decision.data };
  const frames = frameSamplesSchema.safeParse(value);
  if (frames.success && frames.data.videos.length > 0) return { kind: 'frames', port, value: frames.data };
  return { kind: 'json', port, value };
}

/** Every port of a step's inputs or outputs (`{ port: value }`), classified; nulls dropped. */
export function evidenceOf(values: unknown): EvidenceItem[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return values === null || values === undefined ? [] : [{ kind: 'json', port: 'value', value: values }];
  }
  return Object.entries(values as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([port, v]) => classifyValue(port, v));
}

/** Media an item refers to, so detections can be drawn over the image they were found on. */
export function mediaIndex(items: readonly EvidenceItem[]): Map<string, MediaRef> {
  const index = new Map<string, MediaRef>();
  for (const item of items) if (item.kind === 'media') for (const m of item.media) index.set(m.mediaId, m);
  return index;
}

/** Frame times by frame media id, from frame-sampler `samples` values. */
export function frameTimes(items: readonly EvidenceItem[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const item of items)
    if (item.kind === 'frames')
      for (const v of item.value.videos) for (const f of v.frames) times.set(f.mediaId, f.timestampMs);
  return times;
}

/** `83.4 s` → `1:23.4`; under a minute `12.0 s`. */
export function formatTimestamp(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

export function formatScore(score: number): string {
  return score.toFixed(2);
}
