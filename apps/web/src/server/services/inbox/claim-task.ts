import type { Db } from '@conveyor/db';
import { INBOX_CHANNEL } from '@conveyor/engine/server';
import { type AppError, conflict, notFound } from '@/server/errors';

/** How long a claim holds a task; the task page renews it while the reviewer is there. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

export interface ClaimResult {
  taskId: string;
  leaseExpiresAt: string;
}

/**
 * Claims a task for a reviewer (or renews their claim). A claim is a lease: once it runs
 * out without a decision the task is open again and anyone may claim it, so a reviewer
 * who walks away never blocks the queue.
 */
export async function claimTask(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  taskId: string;
  userId: string;
  leaseMs?: number;
}): Promise<ClaimResult> {
  const leaseMs = Math.min(Math.max(x.leaseMs ?? DEFAULT_LEASE_MS, 1_000), 60 * 60_000);
  const { rows } = await x.db.pool.query<{ lease_expires_at: Date }>(
    `UPDATE human_tasks
        SET status = 'claimed', claimed_by_id = $3, lease_expires_at = now() + make_interval(secs => $4::float8 / 1000),
            updated_at = now()
      WHERE id = $1 AND workspace_id = $2
        AND (status = 'open' OR (status = 'claimed' AND (claimed_by_id = $3 OR lease_expires_at <= now())))
      RETURNING lease_expires_at`,
    [x.taskId, x.workspaceId, x.userId, leaseMs],
  );
  if (rows[0]) {
    await notify(x.db, x.workspaceId);
    return { taskId: x.taskId, leaseExpiresAt: rows[0].lease_expires_at.toISOString() };
  }
  throw await whyNot(x.db, x.workspaceId, x.taskId);
}

/** Gives a claimed task back to the queue (only its holder can). */
export async function releaseTask(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  taskId: string;
  userId: string;
}): Promise<{ taskId: string }> {
  const { rowCount } = await x.db.pool.query(
    `UPDATE human_tasks SET status = 'open', claimed_by_id = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND workspace_id = $2 AND status = 'claimed' AND claimed_by_id = $3`,
    [x.taskId, x.workspaceId, x.userId],
  );
  if (rowCount) {
    await notify(x.db, x.workspaceId);
    return { taskId: x.taskId };
  }
  const err = await whyNot(x.db, x.workspaceId, x.taskId);
  if (err.reason === 'claimed_by_other') throw err;
  if (err.reason === 'task_not_found' || err.reason === 'task_closed') throw err;
  throw conflict('not_claimed', 'You do not hold this task');
}

/** The precise reason a claim was refused: unknown task, decided task, or someone else's live claim. */
export async function whyNot(db: Pick<Db, 'pool'>, workspaceId: string, taskId: string): Promise<AppError> {
  const { rows } = await db.pool.query<{
    status: string;
    lease_expires_at: Date | null;
    holder: string | null;
  }>(
    `SELECT t.status, t.lease_expires_at, coalesce(u.name, u.email) AS holder
       FROM human_tasks t LEFT JOIN users u ON u.id = t.claimed_by_id
      WHERE t.id = $1 AND t.workspace_id = $2`,
    [taskId, workspaceId],
  );
  const row = rows[0];
  if (!row) return notFound('Task');
  if (row.status === 'claimed')
    return conflict(
      'claimed_by_other',
      `${row.holder ?? 'Another reviewer'} is working on this task (claim ends ${row.lease_expires_at?.toISOString() ?? 'soon'})`,
    );
  return conflict('task_closed', `This task is ${row.status === 'done' ? 'already decided' : row.status}`);
}

export async function notify(db: Pick<Db, 'pool'>, workspaceId: string) {
  await db.pool.query('SELECT pg_notify($1, $2)', [INBOX_CHANNEL, workspaceId]);
}
