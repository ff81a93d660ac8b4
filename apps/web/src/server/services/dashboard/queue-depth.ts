import type { Db } from '@conveyor/db';
import { BOSS_SCHEMA } from '@conveyor/engine/server';

export interface QueueDepth {
  queue: string;
  /** Jobs due now and not yet picked up. */
  ready: number;
  /** Jobs scheduled for later (retries after backoff, timers). */
  deferred: number;
  active: number;
  /** Age of the oldest ready job, in seconds; 0 when none waits. */
  oldestReadySeconds: number;
}

/**
 * Live depth of every pg-boss queue (steps, each inference pool, callbacks…), counted from
 * the job table rather than pg-boss's periodic stats so a growing backlog shows at once.
 * Empty when pg-boss has not created its schema yet (no runner has started).
 */
export async function getQueueDepths({ db }: { db: Db }): Promise<QueueDepth[]> {
  const exists = await db.pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [BOSS_SCHEMA]);
  if (!exists.rowCount) return [];
  const { rows } = await db.pool.query<QueueDepth>(
    `SELECT q.name AS queue,
            count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())::int AS ready,
            count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after > now())::int AS deferred,
            count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
            coalesce(extract(epoch FROM now() - min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8 AS "oldestReadySeconds"
       FROM ${BOSS_SCHEMA}.queue q
       LEFT JOIN ${BOSS_SCHEMA}.job j ON j.name = q.name AND j.state < 'completed'
      WHERE q.name NOT LIKE '\\_\\_pgboss%'
      GROUP BY q.name
      ORDER BY q.name`,
  );
  return rows.map((r) => ({ ...r, oldestReadySeconds: Math.round(r.oldestReadySeconds * 10) / 10 }));
}

export interface RunBacklog {
  queuedRuns: number;
  oldestQueuedSeconds: number;
  waitingRuns: number;
  openTasks: number;
  overdueTasks: number;
}

/** Runs waiting for a slot (concurrency limits), runs waiting on people, and the review queue. */
export async function getRunBacklog({ db, workspaceId }: { db: Db; workspaceId: string }): Promise<RunBacklog> {
  const { rows } = await db.pool.query<RunBacklog>(
    `SELECT (SELECT count(*)::int FROM runs WHERE workspace_id = $1 AND status = 'queued') AS "queuedRuns",
            (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM runs WHERE workspace_id = $1 AND status = 'queued') AS "oldestQueuedSeconds",
            (SELECT count(*)::int FROM runs WHERE workspace_id = $1 AND status = 'waiting') AS "waitingRuns",
            (SELECT count(*)::int FROM human_tasks WHERE workspace_id = $1 AND status IN ('open', 'claimed')) AS "openTasks",
            (SELECT count(*)::int FROM human_tasks WHERE workspace_id = $1 AND status IN ('open', 'claimed') AND due_at < now()) AS "overdueTasks"`,
    [workspaceId],
  );
  const r = rows[0]!;
  return { ...r, oldestQueuedSeconds: Math.round(r.oldestQueuedSeconds) };
}
