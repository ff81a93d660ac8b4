import { z } from 'zod';
import type { PortType } from './port-types.ts';

/**
 * Shapes of the values that travel on each port type. Values are plain JSON (they are
 * persisted as step outputs); media travel as references, never bytes (claim-check).
 */

export const mediaRefSchema = z.object({
  mediaId: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
  contentType: z.string().min(1),
  size: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type MediaRef = z.infer<typeof mediaRefSchema>;

/** Every model result names the model and the exact version that produced it (audit, drift). */
export const modelRefSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

const unit = z.number().min(0).max(1);

/** Boxes are normalised to the image (0..1) so they survive resizing and thumbnails. */
export const boxSchema = z.object({ x: unit, y: unit, width: unit, height: unit });
export type Box = z.infer<typeof boxSchema>;

export const detectionSchema = z.object({
  mediaId: z.string().min(1),
  label: z.string().min(1),
  score: unit,
  box: boxSchema,
});
export type Detection = z.infer<typeof detectionSchema>;

export const detectionsSchema = z.object({
  model: modelRefSchema,
  items: z.array(detectionSchema),
});
export type Detections = z.infer<typeof detectionsSchema>;

export const classificationSchema = z.object({
  model: modelRefSchema,
  /** The winning label and its score. */
  label: z.string().min(1),
  score: unit,
  /** Score per label, so rules can look at the runner-up too (e.g. `scores.defect`). */
  scores: z.record(z.string(), unit),
});
export type Classification = z.infer<typeof classificationSchema>;

export const textResultSchema = z.object({
  model: modelRefSchema,
  text: z.string(),
  confidence: unit,
  /** First match of the node's serial pattern in the text, or null when none matched. */
  serial: z.string().nullable(),
  /** The cropped region the text was read from, shown to reviewers as evidence. */
  crop: mediaRefSchema.optional(),
});
export type TextResult = z.infer<typeof textResultSchema>;

export const DECISION_SOURCES = ['rule', 'human', 'timeout'] as const;

export const decisionSchema = z.object({
  /** The output port the decision took (e.g. `approve`, `review`). */
  outcome: z.string().min(1),
  source: z.enum(DECISION_SOURCES),
  decidedAt: z.iso.datetime({ offset: true }),
  reasonCode: z.string().min(1).optional(),
  /** Rule decisions: the matched row (null when the default port was taken). */
  rowIndex: z.number().int().nonnegative().nullable().optional(),
  /** Human-readable lines explaining the decision; shown to reviewers and kept for audit. */
  trace: z.array(z.string()).optional(),
  decidedBy: z.string().min(1).optional(),
  comment: z.string().optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const recordSchema = z.record(z.string(), z.unknown());
export type RecordValue = z.infer<typeof recordSchema>;

/** TypeScript value type carried by each port type. */
export interface PortValueMap {
  media: MediaRef;
  'media[]': MediaRef[];
  detections: Detections;
  classification: Classification;
  text: TextResult;
  record: RecordValue;
  decision: Decision;
  any: unknown;
}
export type PortValue<T extends PortType> = PortValueMap[T];

/** Runtime schemas per port type, e.g. for the engine to reject a malformed executor output. */
export const portValueSchemas: { readonly [K in PortType]: z.ZodType<PortValueMap[K]> } = {
  media: mediaRefSchema,
  'media[]': z.array(mediaRefSchema),
  detections: detectionsSchema,
  classification: classificationSchema,
  text: textResultSchema,
  record: recordSchema,
  decision: decisionSchema,
  any: z.unknown(),
};
