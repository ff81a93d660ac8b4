import type { ModelUse } from './run-views.ts';

/**
 * Model versions and the deciding confidence found in a step's outputs. Port values of
 * the vision nodes carry `model: { name, version }` beside their scores: a classification
 * has `score`, detections have `items[].score`, a text result has `confidence`.
 */
export function outputFacts(outputs: unknown): { models: ModelUse[]; confidence: number | null } {
  const models = new Map<string, ModelUse>();
  let confidence: number | null = null;
  if (outputs === null || typeof outputs !== 'object') return { models: [], confidence };
  for (const value of Object.values(outputs as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const v = value as Record<string, unknown>;
    const model = v.model as { name?: unknown; version?: unknown } | undefined;
    if (!model || typeof model.name !== 'string' || typeof model.version !== 'string') continue;
    models.set(`${model.name}@${model.version}`, { name: model.name, version: model.version });
    const found = decidingScore(v);
    if (found !== null) confidence = Math.max(confidence ?? 0, found);
  }
  return { models: [...models.values()], confidence };
}

function decidingScore(v: Record<string, unknown>): number | null {
  if (typeof v.score === 'number') return v.score;
  if (Array.isArray(v.items)) {
    const scores = v.items
      .map((i) => (i as { score?: unknown })?.score)
      .filter((s): s is number => typeof s === 'number');
    return scores.length ? Math.max(...scores) : null;
  }
  if (typeof v.confidence === 'number') return v.confidence;
  return null;
}
