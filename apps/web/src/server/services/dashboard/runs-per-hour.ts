import type { Db } from '@conveyor/db';
import type { DashboardWindow } from './dashboard-window.ts';

export interface HourlyRuns {
  hour: string;
  queued: number;
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
  canceled: number;
}

/** Real (not test) runs created in each hour of the window, by their current status; empty hours included. */
export async function getRunsPerHour({
  db,
  workspaceId,
  window,
}: {
  db: Db;
  workspaceId: string;
  window: DashboardWindow;
}) {
  const { rows } = await db.pool.query<HourlyRuns & { hour: Date }>(
    `SELECT h.hour,
            count(r.id) FILTER (WHERE r.status = 'queued')::int AS queued,
            count(r.id) FILTER (WHERE r.status = 'running')::int AS running,
            count(r.id) FILTER (WHERE r.status = 'waiting')::int AS waiting,
            count(r.id) FILTER (WHERE r.status = 'succeeded')::int AS succeeded,
            count(r.id) FILTER (WHERE r.status = 'failed')::int AS failed,
            count(r.id) FILTER (WHERE r.status = 'canceled')::int AS canceled
       FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') AS h(hour)
       LEFT JOIN runs r ON r.workspace_id = $1 AND NOT r.is_test
                       AND r.created_at >= h.hour AND r.created_at < h.hour + interval '1 hour'
      GROUP BY h.hour ORDER BY h.hour`,
    [workspaceId, window.from, window.to],
  );
  return rows.map((r) => ({ ...r, hour: new Date(r.hour).toISOString() }));
}
