import { createHash } from 'node:crypto';
import { asBossDb, withTransaction, type SqlClient } from '@conveyor/db';
import type { PgBoss } from 'pg-boss';
import { backoffDelayMs, deliverWebhook } from '../http/deliver-webhook.ts';
import { appendAudit } from './audit.ts';
import type { EngineResources } from './resources.ts';

/**
 * Durable timers of the review inbox, fired by the runner (never the web process):
 * escalating a task that is still undecided, and delivering an evidence request to the
 * claimant system (the first message and each reminder). Each is a delayed pg-boss job
 * enqueued in the transaction that called for it, and each is a no-op once its subject is
 * settled (task decided, evidence received), so nothing has to cancel them.
 */
export const INBOX_TIMER_QUEUE = 'conveyor-inbox-timers';

export interface EscalateJob {
  kind: 'escalate';
  taskId: string;
}

export interface EvidenceDeliveryJob {
  kind: 'evidence-delivery';
  requestId: string;
  workspaceId: string;
  runId: string;
  url: string;
  /** Credential name whose secret signs the message (resolved when it is sent). */
  secret: string;
  /** The JSON message, built once so every attempt signs the same bytes. */
  payload: Record<string, unknown>;
  /** 0 for the request itself, n for the n-th reminder. */
  reminder: number;
  attempt: number;
}

export type InboxTimerJob = EscalateJob | EvidenceDeliveryJob;

function jobId(parts: string): string {
  const hex = createHash('sha256').update(parts).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function enqueueInboxTimer(
  client: SqlClient,
  boss: PgBoss,
  job: InboxTimerJob,
  startAfter?: Date,
): Promise<void> {
  const key =
    job.kind === 'escalate' ? `escalate:${job.taskId}` : `evidence:${job.requestId}:${job.reminder}:${job.attempt}`;
  await boss.send(INBOX_TIMER_QUEUE, job as unknown as object, {
    id: jobId(key),
    db: asBossDb(client),
    ...(startAfter ? { startAfter } : {}),
    retryLimit: 5,
    retryDelay: 5,
    expireInSeconds: 5 * 60,
  });
}

export async function processInboxTimer(r: EngineResources, job: InboxTimerJob): Promise<void> {
  if (job.kind === 'escalate') await escalateTask(r, job.taskId);
  else await deliverEvidenceRequest(r, job);
}

interface EscalationSpec {
  afterMinutes?: number;
  toGroup?: string;
  priorityBump?: number;
}

/**
 * Raises an undecided task's priority and hands it to the escalation group (round-robin
 * groups pick an assignee again). A claimed task keeps its reviewer: taking work out of
 * someone's hands mid-review helps nobody; the priority still rises.
 */
export async function escalateTask(r: EngineResources, taskId: string): Promise<boolean> {
  return withTransaction(r.db, async (client) => {
    // Run first, then task: the order every inbox transition takes (audit chains per run).
    await client.query('SELECT 1 FROM runs WHERE id = (SELECT run_id FROM human_tasks WHERE id = $1) FOR UPDATE', [
      taskId,
    ]);
    const { rows } = await client.query<{
      id: string;
      workspace_id: string;
      run_id: string;
      step_id: string;
      status: string;
      group_id: string | null;
      priority: number;
      escalation_level: number;
      escalation: EscalationSpec | null;
    }>(
      `SELECT t.id, t.workspace_id, t.run_id, t.step_id, t.status, t.group_id, t.priority, t.escalation_level,
              s.wait_for -> 'task' -> 'escalation' AS escalation
         FROM human_tasks t JOIN steps s ON s.id = t.step_id
        WHERE t.id = $1 FOR UPDATE OF t`,
      [taskId],
    );
    const task = rows[0];
    if (!task || (task.status !== 'open' && task.status !== 'claimed') || task.escalation_level > 0) return false;
    const spec = task.escalation ?? {};
    let groupId = task.group_id;
    if (spec.toGroup) {
      const g = await client.query<{ id: string }>(
        'SELECT id FROM review_groups WHERE workspace_id = $1 AND name = $2',
        [task.workspace_id, spec.toGroup],
      );
      groupId = g.rows[0]?.id ?? groupId;
    }
    const moved = groupId !== task.group_id;
    const assignee = moved && task.status === 'open' && groupId ? await pickRoundRobin(client, groupId) : undefined;
    const bump = spec.priorityBump ?? 1;
    await client.query(
      `UPDATE human_tasks
          SET priority = priority + $2, escalation_level = escalation_level + 1, group_id = $3,
              assignee_id = CASE WHEN $4::boolean THEN $5::uuid ELSE assignee_id END, updated_at = now()
        WHERE id = $1`,
      [task.id, bump, groupId, moved && task.status === 'open', assignee ?? null],
    );
    await appendAudit(client, {
      workspaceId: task.workspace_id,
      runId: task.run_id,
      stepId: task.step_id,
      actorType: 'system',
      action: 'task.escalated',
      subjectType: 'human_task',
      subjectId: task.id,
      data: {
        priority: task.priority + bump,
        fromGroupId: task.group_id,
        toGroupId: groupId,
        assigneeId: assignee ?? null,
        afterMinutes: spec.afterMinutes ?? null,
      },
    });
    await client.query(`SELECT pg_notify('conveyor_inbox', $1)`, [task.workspace_id]);
    return true;
  });
}

/**
 * Round-robin: the member of the group who was assigned longest ago (never first), the
 * group row locked so two tasks created at once go to two people.
 */
export async function pickRoundRobin(client: SqlClient, groupId: string): Promise<string | undefined> {
  const g = await client.query<{ assignment: string }>(
    'SELECT assignment FROM review_groups WHERE id = $1 FOR UPDATE',
    [groupId],
  );
  if (g.rows[0]?.assignment !== 'round_robin') return undefined;
  const { rows } = await client.query<{ user_id: string }>(
    `UPDATE review_group_members SET last_assigned_at = clock_timestamp()
      WHERE (group_id, user_id) = (
        SELECT group_id, user_id FROM review_group_members WHERE group_id = $1
         ORDER BY last_assigned_at ASC NULLS FIRST, user_id LIMIT 1)
      RETURNING user_id`,
    [groupId],
  );
  return rows[0]?.user_id;
}

/**
 * One attempt to deliver an evidence request or reminder, signed like every outbound
 * webhook; the attempt is recorded in webhook_deliveries and a failed attempt that can
 * succeed later schedules the next one in the same transaction. Skipped once the evidence
 * arrived or the link expired.
 */
async function deliverEvidenceRequest(r: EngineResources, job: EvidenceDeliveryJob): Promise<void> {
  const { rows } = await r.db.pool.query<{ fulfilled_at: Date | null; expires_at: Date }>(
    'SELECT fulfilled_at, expires_at FROM evidence_requests WHERE id = $1',
    [job.requestId],
  );
  const request = rows[0];
  if (!request || request.fulfilled_at || request.expires_at.getTime() <= r.now().getTime()) return;
  const idempotencyKey = `evidence:${job.requestId}:${job.reminder}`;
  const done = await r.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_deliveries WHERE idempotency_key = $1 AND attempt = $2`,
    [idempotencyKey, job.attempt],
  );
  if (done.rows[0]!.n > 0) return;

  let secret: string | undefined;
  let setupError: string | undefined;
  try {
    secret = await r.secrets(job.workspaceId).get(job.secret);
  } catch (error) {
    setupError = error instanceof Error ? error.message : String(error);
  }
  const result = secret
    ? await deliverWebhook({
        fetch: r.fetch,
        url: job.url,
        payload: { ...job.payload, reminder: job.reminder },
        secret,
        idempotencyKey,
        headers: { 'user-agent': 'Conveyor-Evidence/1' },
        maxAttempts: 1,
        timeoutMs: 10_000,
      })
    : undefined;
  const attempt = result?.attempts[0];
  const maxAttempts = 6;
  const retry = !!attempt && attempt.outcome === 'failed' && attempt.retryable && job.attempt < maxAttempts;
  const status = attempt?.outcome === 'delivered' ? 'delivered' : retry ? 'retrying' : 'failed';
  await withTransaction(r.db, async (client) => {
    await client.query(
      `INSERT INTO webhook_deliveries (run_id, purpose, url, idempotency_key, attempt, status, response_status, error, duration_ms)
       VALUES ($1, 'evidence_request', $2, $3, $4, $5, $6, $7, $8)`,
      [
        job.runId,
        job.url,
        idempotencyKey,
        job.attempt,
        status,
        attempt?.responseStatus ?? null,
        setupError ?? attempt?.error ?? null,
        attempt?.durationMs ?? null,
      ],
    );
    if (status === 'delivered' && job.reminder > 0) {
      await client.query('UPDATE evidence_requests SET reminders_sent = greatest(reminders_sent, $2) WHERE id = $1', [
        job.requestId,
        job.reminder,
      ]);
    }
    if (retry) {
      const delay = backoffDelayMs(job.attempt, { baseMs: 2000, maxMs: 600_000 });
      await enqueueInboxTimer(client, r.boss, { ...job, attempt: job.attempt + 1 }, new Date(Date.now() + delay));
    }
  });
  r.logger.info(
    { requestId: job.requestId, reminder: job.reminder, attempt: job.attempt, status },
    'evidence request delivery',
  );
}
