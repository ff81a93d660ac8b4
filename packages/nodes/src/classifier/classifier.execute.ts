import { inferEach } from '../detector/vision-inference.ts';
import { defineExecutor } from '../sdk/executor.ts';
import type { ClassifyOutputs } from '../sdk/inference-contract.ts';
import type { Classification } from '../sdk/port-values.ts';
import { classifierDefinition } from './classifier.definition.ts';

export interface MediaClassification {
  mediaId: string;
  /** The image's own top label and score. */
  label: string;
  score: number;
}

/** Aggregates over the images (or video frames) of one step, beside the schema's fields. */
export interface ClassificationSummary {
  /** Images scored. */
  frames: number;
  /** Images whose own top label is the winning label. */
  framesWithHits: number;
  /** Each image's top label, in input order, for reviewers. */
  perMedia: MediaClassification[];
}

export interface CombinedScores {
  label: string;
  score: number;
  scores: Record<string, number>;
}

/**
 * Combines per-image scores per label — `max`: the strongest image decides (one clear photo
 * of a defect is enough); `mean`: the average, a label missing from an image counting 0 —
 * and picks the winner (ties: the label first in alphabetical order, so reruns agree).
 */
export function combineScores(perImage: readonly ClassifyOutputs[], how: 'max' | 'mean'): CombinedScores {
  const labels = [...new Set(perImage.flatMap((o) => o.scores.map((s) => s.label)))].sort();
  const scores: Record<string, number> = {};
  for (const label of labels) {
    const values = perImage.map((o) => o.scores.find((s) => s.label === label)?.score ?? 0);
    scores[label] =
      how === 'max' ? Math.max(...values) : Math.min(1, values.reduce((sum, v) => sum + v, 0) / values.length);
  }
  let best = { label: labels[0] ?? '', score: -1 };
  for (const label of labels) {
    const score = scores[label] ?? 0;
    if (score > best.score) best = { label, score };
  }
  return { label: best.label, score: Math.max(0, best.score), scores };
}

function topLabel(outputs: ClassifyOutputs): { label: string; score: number } {
  return outputs.scores.reduce((best, s) =>
    s.score > best.score || (s.score === best.score && s.label < best.label) ? s : best,
  );
}

export const classifierExecutor = defineExecutor(classifierDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  const region = config.regionOfInterest;
  const results = await inferEach(
    ctx,
    'classify',
    { model: config.model, version: config.modelVersion },
    inputs.media,
    // The backend crops to the region: class scores have no coordinates to filter by here.
    (media) => ({ media, ...(region === undefined ? {} : { region }) }),
  );
  const combined = combineScores(
    results.map((r) => r.outputs),
    config.aggregate,
  );
  const perMedia = results.map((r) => ({ mediaId: r.media.mediaId, ...topLabel(r.outputs) }));
  const classification: Classification & ClassificationSummary = {
    model: results[0]!.model,
    label: combined.label,
    score: combined.score,
    scores: combined.scores,
    frames: results.length,
    framesWithHits: perMedia.filter((m) => m.label === combined.label).length,
    perMedia,
  };
  ctx.logger.info('classifier finished', {
    model: classification.model,
    images: results.length,
    label: classification.label,
    score: classification.score,
  });
  return { outputs: { classification } };
});
