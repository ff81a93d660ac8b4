import { defineExecutor } from '../sdk/executor.ts';
import type { DetectOutputs } from '../sdk/inference-contract.ts';
import type { Box, Detection, Detections } from '../sdk/port-values.ts';
import { centerInRegion, clipBox, normalizeBox } from './boxes.ts';
import { detectorDefinition } from './detector.definition.ts';
import { inferEach } from './vision-inference.ts';

/** Aggregates over the images (or video frames) of one step, beside the schema's fields. */
export interface DetectionsSummary {
  /** Images looked at. */
  frames: number;
  /** Images with at least one kept detection. */
  framesWithHits: number;
  /** Best kept score over all images; 0 when nothing was kept. */
  maxScore: number;
}

export interface DetectionFilter {
  /** Labels to keep, compared case-insensitively; empty keeps every label. */
  classes: readonly string[];
  minConfidence: number;
  maxDetections: number;
  regionOfInterest: Box | undefined;
}

/**
 * One image's detections as port items: normalised boxes, then the node's filters —
 * confidence, classes, region (box centre inside) — best first, at most `maxDetections`.
 */
export function selectDetections(mediaId: string, outputs: DetectOutputs, filter: DetectionFilter): Detection[] {
  const keep = filter.classes.length > 0 ? new Set(filter.classes.map((c) => c.toLowerCase())) : undefined;
  return outputs.detections
    .map((d) => ({
      mediaId,
      label: d.label,
      score: d.score,
      box: d.normalizedBox ? clipBox(d.normalizedBox) : normalizeBox(d.box, outputs.width, outputs.height),
    }))
    .filter(
      (d) =>
        d.score >= filter.minConfidence &&
        (keep === undefined || keep.has(d.label.toLowerCase())) &&
        centerInRegion(d.box, filter.regionOfInterest),
    )
    .sort((a, b) => b.score - a.score)
    .slice(0, filter.maxDetections);
}

export const detectorExecutor = defineExecutor(detectorDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  const region = config.regionOfInterest;
  const results = await inferEach(
    ctx,
    'detect',
    { model: config.model, version: config.modelVersion },
    inputs.media,
    (media) => ({ media, minScore: config.minConfidence, ...(region === undefined ? {} : { region }) }),
  );
  const perImage = results.map((r) =>
    selectDetections(r.media.mediaId, r.outputs, {
      classes: config.classes,
      minConfidence: config.minConfidence,
      maxDetections: config.maxDetections,
      regionOfInterest: region,
    }),
  );
  const items = perImage.flat();
  const detections: Detections & DetectionsSummary = {
    // inferEach guarantees one model version across the images.
    model: results[0]!.model,
    items,
    frames: results.length,
    framesWithHits: perImage.filter((list) => list.length > 0).length,
    maxScore: items.reduce((max, d) => Math.max(max, d.score), 0),
  };
  ctx.logger.info('detector finished', {
    model: detections.model,
    images: detections.frames,
    kept: items.length,
    dropped: results.reduce((n, r) => n + r.outputs.detections.length, 0) - items.length,
  });
  return { outputs: { detections } };
});
