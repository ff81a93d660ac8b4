import type { Db } from '@conveyor/db';
import type { DashboardWindow } from './dashboard-window.ts';

/** Ten equal bins over 0..1. */
export const CONFIDENCE_BINS = 10;

export interface ModelConfidence {
  model: string;
  version: string;
  /** Confidences counted in the window. */
  count: number;
  /** Counts per bin ([0, 0.1), [0.1, 0.2), … [0.9, 1]) in the window. */
  bins: number[];
  mean: number | null;
  /** The same model (any version) in the previous window of equal length. */
  previousCount: number;
  /**
   * Population stability index of this version's distribution against the model's
   * previous window: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant. Null when
   * either side has no data.
   */
  psi: number | null;
}

/**
 * PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins, with proportions a (actual, now) and e
 * (expected, before); empty bins get a small floor so one empty bin doesn't make it infinite.
 */
export function populationStabilityIndex(
  actual: readonly number[],
  expected: readonly number[],
  floor = 1e-4,
): number | null {
  const a = actual.reduce((s, v) => s + v, 0);
  const e = expected.reduce((s, v) => s + v, 0);
  if (!a || !e) return null;
  let psi = 0;
  for (let i = 0; i < actual.length; i++) {
    const p = Math.max((actual[i] ?? 0) / a, floor);
    const q = Math.max((expected[i] ?? 0) / e, floor);
    psi += (p - q) * Math.log(p / q);
  }
  return psi;
}

/**
 * Confidences the models reported, per model version, from the outputs of succeeded
 * steps of real runs: a classification's winning score, each detection's score, an OCR
 * reading's confidence. Each version's distribution is compared with the previous window.
 */
export async function getConfidenceDrift({
  db,
  workspaceId,
  window,
}: {
  db: Db;
  workspaceId: string;
  window: DashboardWindow;
}): Promise<ModelConfidence[]> {
  const { rows } = await db.pool.query<{
    model: string;
    version: string;
    current: boolean;
    bin: number;
    n: number;
    total: number;
  }>(
    `WITH c AS (
       SELECT o.value->'model'->>'name' AS model, o.value->'model'->>'version' AS version,
              r.created_at >= $2 AS current, v.conf
         FROM runs r
         JOIN steps s ON s.run_id = r.id AND s.status = 'succeeded' AND jsonb_typeof(s.outputs) = 'object'
         CROSS JOIN LATERAL jsonb_each(s.outputs) o
         CROSS JOIN LATERAL (
           SELECT (o.value->>'score')::float8 AS conf WHERE jsonb_typeof(o.value->'score') = 'number'
           UNION ALL
           SELECT (i->>'score')::float8 FROM jsonb_array_elements(
             CASE WHEN jsonb_typeof(o.value->'items') = 'array' THEN o.value->'items' ELSE '[]'::jsonb END) i
            WHERE jsonb_typeof(i->'score') = 'number'
           UNION ALL
           SELECT (o.value->>'confidence')::float8 WHERE jsonb_typeof(o.value->'confidence') = 'number'
         ) v
        WHERE r.workspace_id = $1 AND NOT r.is_test AND r.created_at >= $3 AND r.created_at < $4
          AND jsonb_typeof(o.value) = 'object' AND jsonb_typeof(o.value->'model'->'version') = 'string'
     )
     SELECT model, version, current, least(greatest(floor(conf * ${CONFIDENCE_BINS})::int, 0), ${CONFIDENCE_BINS - 1}) AS bin,
            count(*)::int AS n, sum(conf)::float8 AS total
       FROM c GROUP BY 1, 2, 3, 4`,
    [workspaceId, window.from, window.previousFrom, window.to],
  );
  const empty = () => new Array<number>(CONFIDENCE_BINS).fill(0);
  const versions = new Map<string, { model: string; version: string; bins: number[]; sum: number }>();
  const previousByModel = new Map<string, number[]>();
  for (const r of rows) {
    if (r.current) {
      const key = `${r.model}@${r.version}`;
      const entry = versions.get(key) ?? { model: r.model, version: r.version, bins: empty(), sum: 0 };
      entry.bins[r.bin]! += r.n;
      entry.sum += r.total;
      versions.set(key, entry);
    } else {
      const bins = previousByModel.get(r.model) ?? empty();
      bins[r.bin]! += r.n;
      previousByModel.set(r.model, bins);
    }
  }
  return [...versions.values()]
    .map((v) => {
      const previous = previousByModel.get(v.model) ?? empty();
      const count = v.bins.reduce((s, n) => s + n, 0);
      return {
        model: v.model,
        version: v.version,
        count,
        bins: v.bins,
        mean: count ? v.sum / count : null,
        previousCount: previous.reduce((s, n) => s + n, 0),
        psi: populationStabilityIndex(v.bins, previous),
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.version.localeCompare(b.version, undefined, { numeric: true }));
}
