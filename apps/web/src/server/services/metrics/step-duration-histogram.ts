import type { Db } from '@conveyor/db';

/** Seconds; from a 5 ms rule to a 5-minute model call. */
export const STEP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

export interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative counts per bucket in STEP_DURATION_BUCKETS order (`le`). */
  buckets: number[];
  count: number;
  sum: number;
}

/**
 * Step attempt durations per node type and outcome as a Prometheus histogram, counted from
 * `step_attempts` in one aggregate pass. Derived from the database rather than observed in
 * this process because steps run in the runner, and so every web replica reports the same
 * cumulative series (scrape one of them, or dedupe by series).
 */
export async function getStepDurationHistogram({ db }: { db: Db }): Promise<HistogramSeries[]> {
  const bucketColumns = STEP_DURATION_BUCKETS.map(
    (le, i) => `count(*) FILTER (WHERE d.s <= ${le})::float8 AS b${i}`,
  ).join(',\n');
  const { rows } = await db.pool.query<
    Record<string, number> & { node_type: string; status: string; n: number; total: number }
  >(
    `SELECT s.node_type, a.status::text AS status, count(*)::float8 AS n, coalesce(sum(d.s), 0)::float8 AS total,
            ${bucketColumns}
       FROM step_attempts a
       JOIN steps s ON s.id = a.step_id
       CROSS JOIN LATERAL (SELECT extract(epoch FROM a.finished_at - a.started_at)::float8 AS s) d
      WHERE a.finished_at IS NOT NULL
      GROUP BY s.node_type, a.status
      ORDER BY s.node_type, a.status`,
  );
  return rows.map((r) => ({
    labels: { node_type: r.node_type, status: r.status },
    buckets: STEP_DURATION_BUCKETS.map((_, i) => Number(r[`b${i}`])),
    count: Number(r.n),
    sum: Number(r.total),
  }));
}
