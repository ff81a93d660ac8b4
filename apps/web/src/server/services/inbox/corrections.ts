import { z } from 'zod';

/**
 * A reviewer's corrections as the task page sends them: the final boxes per image (each
 * either a model detection, by its index in the task's detections, or one the reviewer
 * drew) and the corrected OCR text. The server works out what changed by comparing with
 * the evidence the task was opened with, so the client cannot misreport a diff.
 */
const unit = z.number().min(0).max(1);
export const boxSchema = z
  .object({ x: unit, y: unit, width: unit.positive(), height: unit.positive() })
  .refine((b) => b.x + b.width <= 1.0001 && b.y + b.height <= 1.0001, 'Box extends past the image');

export const correctedBoxSchema = z.object({
  /** Index into the task's `evidence.detections.items`; absent for a box the reviewer added. */
  modelIndex: z.number().int().nonnegative().optional(),
  label: z.string().trim().min(1).max(100),
  box: boxSchema,
});
export type CorrectedBox = z.infer<typeof correctedBoxSchema>;

export const correctionsSchema = z.object({
  boxes: z
    .array(z.object({ mediaId: z.string().min(1).max(200), items: z.array(correctedBoxSchema).max(500) }))
    .max(50)
    .optional(),
  ocr: z.object({ text: z.string().max(10_000) }).optional(),
});
export type Corrections = z.infer<typeof correctionsSchema>;

export interface ModelDetection {
  mediaId: string;
  label: string;
  score: number;
  box: { x: number; y: number; width: number; height: number };
}

export type BoxChange =
  | { type: 'moved'; modelIndex: number; iou: number }
  | { type: 'relabeled'; modelIndex: number; from: string; to: string }
  | { type: 'deleted'; modelIndex: number; label: string }
  | { type: 'added'; label: string };

export function iou(a: CorrectedBox['box'], b: CorrectedBox['box']): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Boxes overlapping this much are the same box (UI jitter is not a correction). */
const SAME_BOX_IOU = 0.97;

/**
 * What changed on one image: moves/resizes, relabels, deletions, additions, and a
 * disagreement score in 0..1 — the share of boxes the reviewer had to touch, which orders
 * the dataset export (most-corrected first).
 */
export function diffBoxes(
  detections: ModelDetection[],
  mediaId: string,
  items: CorrectedBox[],
): { changes: BoxChange[]; disagreement: number } {
  const changes: BoxChange[] = [];
  const original = detections.map((d, index) => ({ d, index })).filter((x) => x.d.mediaId === mediaId);
  const kept = new Set<number>();
  for (const item of items) {
    if (item.modelIndex === undefined) {
      changes.push({ type: 'added', label: item.label });
      continue;
    }
    const source = detections[item.modelIndex];
    if (!source || source.mediaId !== mediaId) {
      changes.push({ type: 'added', label: item.label });
      continue;
    }
    kept.add(item.modelIndex);
    const overlap = iou(source.box, item.box);
    if (overlap < SAME_BOX_IOU) changes.push({ type: 'moved', modelIndex: item.modelIndex, iou: round(overlap) });
    if (source.label !== item.label)
      changes.push({ type: 'relabeled', modelIndex: item.modelIndex, from: source.label, to: item.label });
  }
  for (const { d, index } of original) {
    if (!kept.has(index)) changes.push({ type: 'deleted', modelIndex: index, label: d.label });
  }
  const touched = new Set(changes.map((c, i) => ('modelIndex' in c ? `m${c.modelIndex}` : `a${i}`))).size;
  const total = Math.max(original.length, items.length, 1);
  return { changes, disagreement: round(Math.min(1, touched / total)) };
}

/** Normalised edit distance: 0 = same text, 1 = nothing in common. */
export function textDisagreement(before: string, after: string): number {
  if (before === after) return 0;
  const n = Math.max(before.length, after.length);
  return n === 0 ? 0 : round(levenshtein(before, after) / n);
}

export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
