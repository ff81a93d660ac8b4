import type { Db } from '@conveyor/db';
import type { DashboardWindow } from './dashboard-window.ts';

export interface NodeLatency {
  nodeType: string;
  attempts: number;
  failed: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * Execution time of step attempts (started → settled) per node type, for real runs created
 * in the window. Waiting for a reviewer is not execution time: a human-task attempt ends
 * when it suspends, and its resume is a separate settle.
 */
export async function getStepLatency({
  db,
  workspaceId,
  window,
}: {
  db: Db;
  workspaceId: string;
  window: DashboardWindow;
}): Promise<NodeLatency[]> {
  const { rows } = await db.pool.query<NodeLatency>(
    `SELECT s.node_type AS "nodeType", count(*)::int AS attempts,
            count(*) FILTER (WHERE a.status = 'failed')::int AS failed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY d.ms) AS "p50Ms",
            percentile_cont(0.95) WITHIN GROUP (ORDER BY d.ms) AS "p95Ms",
            percentile_cont(0.99) WITHIN GROUP (ORDER BY d.ms) AS "p99Ms"
       FROM runs r
       JOIN steps s ON s.run_id = r.id
       JOIN step_attempts a ON a.step_id = s.id
       CROSS JOIN LATERAL (SELECT extract(epoch FROM a.finished_at - a.started_at) * 1000 AS ms) d
      WHERE r.workspace_id = $1 AND NOT r.is_test AND r.created_at >= $2 AND r.created_at < $3 AND a.finished_at IS NOT NULL
      GROUP BY s.node_type
      ORDER BY "p95Ms" DESC`,
    [workspaceId, window.from, window.to],
  );
  return rows.map((r) => ({
    ...r,
    p50Ms: Math.round(Number(r.p50Ms) * 10) / 10,
    p95Ms: Math.round(Number(r.p95Ms) * 10) / 10,
    p99Ms: Math.round(Number(r.p99Ms) * 10) / 10,
  }));
}
