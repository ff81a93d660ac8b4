import type { Db } from '@conveyor/db';
import { runNotFound } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A fingerprint of everything the run detail shows that can change: the run row, each
 * step's status and attempt, the newest audit event, deliveries and review tasks. Reads
 * only this run's rows (all indexed by run), so polling it every second or two is cheap.
 */
export async function runCursor(db: Db, runId: string): Promise<string> {
  const { rows } = await db.pool.query<{ cursor: string | null }>(
    `SELECT md5(concat_ws('|',
              (SELECT status::text || updated_at::text FROM runs WHERE id = $1),
              (SELECT max(id)::text FROM audit_events WHERE run_id = $1),
              (SELECT string_agg(status::text || ':' || attempt, ',' ORDER BY id) FROM steps WHERE run_id = $1),
              (SELECT count(*)::text FROM webhook_deliveries WHERE run_id = $1),
              (SELECT max(updated_at)::text FROM human_tasks WHERE run_id = $1))) AS cursor`,
    [runId],
  );
  return rows[0]?.cursor ?? '';
}

/** Whether a run changed since `cursor` (from getRun or the previous poll), and its status. */
export async function pollRun({
  db,
  workspaceId,
  runId,
  cursor,
}: {
  db: Db;
  workspaceId: string;
  runId: string;
  cursor?: string | null;
}): Promise<{ changed: boolean; cursor: string; status: string }> {
  if (!UUID.test(runId)) throw runNotFound(runId);
  const { rows } = await db.pool.query<{ status: string }>(
    'SELECT status FROM runs WHERE id = $1 AND workspace_id = $2',
    [runId, workspaceId],
  );
  if (!rows[0]) throw runNotFound(runId);
  const next = await runCursor(db, runId);
  return { changed: next !== cursor, cursor: next, status: rows[0].status };
}

/**
 * Whether any run of the workspace changed since `cursor`: every run transition writes an
 * audit event, so the newest event id of the workspace (one index probe) is the cursor;
 * plus how many runs are still active, so the list knows whether to keep polling.
 */
export async function pollRuns({
  db,
  workspaceId,
  cursor,
}: {
  db: Db;
  workspaceId: string;
  cursor?: string | null;
}): Promise<{ changed: boolean; cursor: string; activeRuns: number }> {
  const { rows } = await db.pool.query<{ last: string | null; active: number }>(
    `SELECT (SELECT id::text FROM audit_events WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1) AS last,
            (SELECT count(*)::int FROM runs WHERE workspace_id = $1 AND status IN ('queued', 'running', 'waiting')) AS active`,
    [workspaceId],
  );
  const next = `${rows[0]?.last ?? '0'}.${rows[0]?.active ?? 0}`;
  return { changed: next !== cursor, cursor: next, activeRuns: rows[0]?.active ?? 0 };
}
