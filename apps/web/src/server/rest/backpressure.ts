import { STEP_QUEUE } from '@conveyor/engine/server';
import type { Db } from '@conveyor/db';
import { problem } from './problem.ts';

let depthCache: { at: number; depth: number; queue: string } | undefined;
/** Per workflow: the last count and the requests let through since (see checkBackpressure). */
const backlogCache = new Map<string, { at: number; count: Promise<number>; admitted: number }>();
const BACKLOG_COUNT_MS = 250;

/**
 * Refuses new runs before anything is written when the system is behind:
 * - 429 `backlog-full` when the workflow has `backlog_limit` runs queued or running (a
 *   Postgres count, so it holds across web processes; bounded by LIMIT so it stays cheap);
 * - 503 `queue-saturated` when the step queue or an inference pool's queue is deeper than
 *   `maxQueueDepth` (pg-boss's own queued counts, read at most once a second per process).
 * Retry-After grows with how far over the limit it is.
 */
export async function checkBackpressure(
  db: Pick<Db, 'pool'>,
  o: { workflowId: string; backlogLimit: number | null; maxQueueDepth: number },
) {
  if (o.backlogLimit !== null) {
    // Counted at most every 250 ms per process (concurrent requests share the count), plus
    // the requests let through since: at a thousand requests a second a count per request
    // would cost more than the intake. Requests let through that fail later still count
    // until the next read — the limit errs on the side of refusing.
    const now = Date.now();
    let c = backlogCache.get(o.workflowId);
    if (!c || now - c.at >= BACKLOG_COUNT_MS) {
      const count = db.pool
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (
             SELECT 1 FROM runs WHERE workflow_id = $1 AND status IN ('queued', 'running') LIMIT $2
           ) s`,
          [o.workflowId, o.backlogLimit * 2 + 1],
        )
        .then((r) => r.rows[0]!.n);
      if (backlogCache.size > 5000) backlogCache.clear();
      backlogCache.set(o.workflowId, (c = { at: now, count, admitted: 0 }));
      count.catch(() => backlogCache.get(o.workflowId) === c && backlogCache.delete(o.workflowId));
    }
    const n = (await c.count) + c.admitted;
    if (n < o.backlogLimit) c.admitted++;
    if (n >= o.backlogLimit) {
      throw problem('backlog-full', `This workflow has ${n} runs waiting or running (limit ${o.backlogLimit})`, {
        retryAfterSec: Math.min(60, Math.ceil((5 * (n + 1)) / Math.max(1, o.backlogLimit))),
        extensions: { backlog: n, backlogLimit: o.backlogLimit },
      });
    }
  }
  const { depth, queue } = await queueDepth(db);
  if (depth > o.maxQueueDepth) {
    throw problem('queue-saturated', `The ${queue} queue holds ${depth} jobs (limit ${o.maxQueueDepth})`, {
      retryAfterSec: Math.min(120, Math.ceil((10 * depth) / o.maxQueueDepth)),
      extensions: { queue, queueDepth: depth },
    });
  }
}

/** The deepest of the step queue and the inference pool queues (`conveyor-pool-<name>`). */
async function queueDepth(db: Pick<Db, 'pool'>): Promise<{ depth: number; queue: string }> {
  const now = Date.now();
  if (depthCache && now - depthCache.at < 1000) return depthCache;
  const { rows } = await db.pool
    .query<{ name: string; n: number }>(
      `SELECT name, queued_count AS n FROM pgboss.queue
        WHERE name = $1 OR name LIKE 'conveyor-pool-%' ORDER BY queued_count DESC LIMIT 1`,
      [STEP_QUEUE],
    )
    .catch(() => ({ rows: [] as { name: string; n: number }[] }));
  depthCache = { at: now, depth: rows[0]?.n ?? 0, queue: rows[0]?.name ?? STEP_QUEUE };
  return depthCache;
}

/** Tests change the queue and the backlog under the caches. */
export function resetQueueDepthCache() {
  depthCache = undefined;
  backlogCache.clear();
}
