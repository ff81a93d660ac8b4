import { Gauge, Registry } from 'prom-client';
import type { Db } from '@conveyor/db';
import { getQueueDepths } from '../dashboard/queue-depth.ts';
import { getStepDurationHistogram, STEP_DURATION_BUCKETS, type HistogramSeries } from './step-duration-histogram.ts';

/**
 * Prometheus exposition of what Postgres knows: step latency histograms per node type,
 * queue depth and age per pg-boss queue, runs by status, review backlog, automation and
 * override rates, and the pool workers' own figures from their heartbeats. Everything is
 * read at scrape time, so any web replica answers the same and nothing is lost on restart.
 */
export async function collectMetrics({ db, rateWindowHours = 24 }: { db: Db; rateWindowHours?: number }) {
  const registry = new Registry();
  const [histogram, queues, runs, rates, tasks, pools] = await Promise.all([
    getStepDurationHistogram({ db }),
    getQueueDepths({ db }),
    db.pool.query<{ slug: string; status: string; n: number }>(
      `SELECT w.slug, r.status::text AS status, count(*)::int AS n
         FROM runs r JOIN workspaces w ON w.id = r.workspace_id
        WHERE NOT r.is_test GROUP BY w.slug, r.status`,
    ),
    db.pool.query<{ slug: string; finished: number; automated: number; decisions: number; overrides: number }>(
      `SELECT w.slug,
              (SELECT count(*)::int FROM runs r WHERE r.workspace_id = w.id AND NOT r.is_test
                  AND r.status IN ('succeeded', 'failed') AND r.finished_at >= now() - make_interval(hours => $1)) AS finished,
              (SELECT count(*)::int FROM runs r WHERE r.workspace_id = w.id AND NOT r.is_test
                  AND r.status IN ('succeeded', 'failed') AND r.finished_at >= now() - make_interval(hours => $1)
                  AND NOT EXISTS (SELECT 1 FROM human_tasks t WHERE t.run_id = r.id)) AS automated,
              (SELECT count(*)::int FROM decisions d JOIN human_tasks t ON t.id = d.task_id
                WHERE t.workspace_id = w.id AND d.decided_at >= now() - make_interval(hours => $1)) AS decisions,
              (SELECT count(*)::int FROM decisions d JOIN human_tasks t ON t.id = d.task_id
                WHERE t.workspace_id = w.id AND d.decided_at >= now() - make_interval(hours => $1) AND d.override) AS overrides
         FROM workspaces w`,
      [rateWindowHours],
    ),
    db.pool.query<{ slug: string; open: number; overdue: number }>(
      `SELECT w.slug, count(*)::int AS open, count(*) FILTER (WHERE t.due_at < now())::int AS overdue
         FROM human_tasks t JOIN workspaces w ON w.id = t.workspace_id
        WHERE t.status IN ('open', 'claimed') GROUP BY w.slug`,
    ),
    db.pool.query<{ id: string; pool: string | null; info: Record<string, unknown> }>(
      `SELECT id, pool, info FROM worker_heartbeats WHERE kind = 'pool' AND last_seen > now() - interval '30 seconds'`,
    ),
  ]);

  registry.registerMetric(
    histogramMetric(
      'conveyor_step_duration_seconds',
      'Step attempt execution time (started to settled) by node type and outcome',
      histogram,
    ) as never,
  );

  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  const depth = gauge('conveyor_queue_depth', 'Jobs in a pg-boss queue by state (ready = due now, deferred = later)', [
    'queue',
    'state',
  ]);
  const age = gauge('conveyor_queue_oldest_ready_seconds', 'Age of the oldest job due and not yet picked up', [
    'queue',
  ]);
  for (const q of queues) {
    depth.set({ queue: q.queue, state: 'ready' }, q.ready);
    depth.set({ queue: q.queue, state: 'deferred' }, q.deferred);
    depth.set({ queue: q.queue, state: 'active' }, q.active);
    age.set({ queue: q.queue }, q.oldestReadySeconds);
  }

  const runGauge = gauge('conveyor_runs', 'Runs (not test runs) by current status', ['workspace', 'status']);
  for (const r of runs.rows) runGauge.set({ workspace: r.slug, status: r.status }, r.n);

  const hours = String(rateWindowHours);
  const automation = gauge(
    'conveyor_automation_ratio',
    'Share of runs finished in the window that no human reviewed (models and rules decided alone)',
    ['workspace', 'window_hours'],
  );
  const override = gauge(
    'conveyor_override_ratio',
    'Share of review decisions in the window where the reviewer overrode the model suggestion',
    ['workspace', 'window_hours'],
  );
  const finished = gauge('conveyor_runs_finished_in_window', 'Runs finished in the window', [
    'workspace',
    'window_hours',
  ]);
  const decisions = gauge('conveyor_review_decisions_in_window', 'Review decisions taken in the window', [
    'workspace',
    'window_hours',
    'override',
  ]);
  for (const r of rates.rows) {
    const labels = { workspace: r.slug, window_hours: hours };
    finished.set(labels, r.finished);
    decisions.set({ ...labels, override: 'true' }, r.overrides);
    decisions.set({ ...labels, override: 'false' }, r.decisions - r.overrides);
    // A ratio of nothing is not 0: leave the series out rather than report a false "0% automated".
    if (r.finished) automation.set(labels, r.automated / r.finished);
    if (r.decisions) override.set(labels, r.overrides / r.decisions);
  }

  const open = gauge('conveyor_review_tasks_open', 'Open or claimed review tasks', ['workspace']);
  const overdue = gauge('conveyor_review_tasks_overdue', 'Open review tasks past their due time', ['workspace']);
  for (const t of tasks.rows) {
    open.set({ workspace: t.slug }, t.open);
    overdue.set({ workspace: t.slug }, t.overdue);
  }

  const items = gauge(
    'conveyor_pool_items_processed',
    'Inference items a live pool worker has processed since it started',
    ['pool', 'worker'],
  );
  const batch = gauge('conveyor_pool_batch_size_p50', 'Median batch size of a pool worker (last 500 batches)', [
    'pool',
    'worker',
  ]);
  const itemMs = gauge(
    'conveyor_pool_item_milliseconds',
    'Per-item inference time of a pool worker (last 500 batches)',
    ['pool', 'worker', 'quantile'],
  );
  for (const p of pools.rows) {
    const labels = { pool: p.pool ?? 'unknown', worker: p.id };
    const num = (k: string) => (typeof p.info?.[k] === 'number' ? (p.info[k] as number) : undefined);
    if (num('items') !== undefined) items.set(labels, num('items')!);
    if (num('batchSizeP50') !== undefined) batch.set(labels, num('batchSizeP50')!);
    if (num('itemMsP50') !== undefined) itemMs.set({ ...labels, quantile: '0.5' }, num('itemMsP50')!);
    if (num('itemMsP95') !== undefined) itemMs.set({ ...labels, quantile: '0.95' }, num('itemMsP95')!);
  }

  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * A histogram whose buckets are already counted (by SQL), in prom-client's metric shape so
 * the registry formats it like any other.
 */
function histogramMetric(name: string, help: string, series: HistogramSeries[]) {
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    reset() {},
    async get() {
      return {
        name,
        help,
        type: 'histogram',
        aggregator: 'sum',
        values: series.flatMap((s) => [
          ...STEP_DURATION_BUCKETS.map((le, i) => ({
            metricName: `${name}_bucket`,
            labels: { ...s.labels, le: String(le) },
            value: s.buckets[i]!,
          })),
          { metricName: `${name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count },
          { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
          { metricName: `${name}_count`, labels: s.labels, value: s.count },
        ]),
      };
    },
  };
}
