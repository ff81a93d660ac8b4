import { z } from 'zod';
import type { Db } from '@conveyor/db';

export const evidenceWaitSchema = z.object({
  requestId: z.string(),
  runId: z.string(),
  taskId: z.string(),
  title: z.string(),
  correlationKey: z.string().nullable(),
  round: z.number().int(),
  message: z.string(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  remindersSent: z.number().int(),
  requestedBy: z.string().nullable(),
});
export const evidenceWaitsSchema = z.array(evidenceWaitSchema);

/**
 * Cases where a reviewer asked the claimant for more and the upload has not come yet,
 * soonest to lapse first: what reviewers keep an eye on beside their queue.
 */
export async function listEvidenceWaits(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  limit?: number;
}): Promise<z.infer<typeof evidenceWaitsSchema>> {
  const { rows } = await x.db.pool.query<{
    id: string;
    run_id: string;
    task_id: string;
    title: string;
    correlation_key: string | null;
    round: number;
    message: string;
    created_at: Date;
    expires_at: Date;
    reminders_sent: number;
    requested_by: string | null;
  }>(
    `SELECT e.id, e.run_id, e.task_id, t.title, r.correlation_key, e.round, e.message, e.created_at, e.expires_at,
            e.reminders_sent, coalesce(u.name, u.email) AS requested_by
       FROM evidence_requests e
       JOIN human_tasks t ON t.id = e.task_id
       JOIN runs r ON r.id = e.run_id
       LEFT JOIN decisions d ON d.task_id = t.id
       LEFT JOIN users u ON u.id = d.decided_by_id
      WHERE t.workspace_id = $1 AND e.fulfilled_at IS NULL AND e.expires_at > now() AND r.status IN ('running', 'waiting')
      ORDER BY e.expires_at, e.id
      LIMIT $2`,
    [x.workspaceId, x.limit ?? 20],
  );
  return rows.map((r) => ({
    requestId: r.id,
    runId: r.run_id,
    taskId: r.task_id,
    title: r.title,
    correlationKey: r.correlation_key,
    round: r.round,
    message: r.message,
    requestedAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    remindersSent: r.reminders_sent,
    requestedBy: r.requested_by,
  }));
}
