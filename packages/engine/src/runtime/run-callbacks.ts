import { createHash } from 'node:crypto';
import { asBossDb, decryptSecret, withTransaction, type SqlClient } from '@conveyor/db';
import type { PgBoss } from 'pg-boss';
import { backoffDelayMs, deliverWebhook, type BackoffOptions } from '../http/deliver-webhook.ts';
import type { EngineResources } from './resources.ts';

/**
 * Run completion, seen from outside the runner: a NOTIFY for processes that wait on a run
 * (the web's `Prefer: wait`), and the signed callback a trigger may ask for.
 */
export const RUN_FINISHED_CHANNEL = 'conveyor_run_finished';

/** One job per callback attempt, enqueued in the run's terminal transaction. */
export const CALLBACK_QUEUE = 'conveyor-callbacks';

export interface CallbackJob {
  runId: string;
  attempt: number;
}

export interface CallbackOptions {
  /** Attempts in all, the first included. Default 8 (about 4 minutes of backoff at defaults). */
  maxAttempts?: number;
  /** Backoff between attempts (equal jitter, doubling). Default 2 s, capped at 10 min. */
  backoff?: BackoffOptions;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
}

/** What a receiver gets: the run's outcome, never media bytes (media go by reference). */
export interface RunCallbackPayload {
  type: 'run.finished';
  runId: string;
  workflowId: string;
  triggerId: string;
  status: 'succeeded' | 'failed' | 'canceled';
  output: unknown;
  error: unknown;
  createdAt: string;
  finishedAt: string | null;
}

/** The receiver's dedupe key: the same on every attempt of one run's callback. */
export const callbackIdempotencyKey = (runId: string) => `run:${runId}:callback`;

function callbackJobId(runId: string, attempt: number) {
  const hex = createHash('sha256').update(`${runId}:callback:${attempt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function enqueueCallback(
  client: SqlClient,
  boss: PgBoss,
  job: CallbackJob,
  startAfter?: Date,
): Promise<void> {
  await boss.send(CALLBACK_QUEUE, job as unknown as object, {
    // Deterministic: a settle redone after a crash enqueues the same attempt once.
    id: callbackJobId(job.runId, job.attempt),
    db: asBossDb(client),
    ...(startAfter ? { startAfter } : {}),
    // pg-boss retries only a job whose worker died mid-attempt; delivery retries are ours.
    retryLimit: 5,
    retryDelay: 5,
    expireInSeconds: 5 * 60,
  });
}

interface CallbackRow {
  id: string;
  workflow_id: string;
  status: RunCallbackPayload['status'];
  output: unknown;
  error: unknown;
  created_at: Date;
  finished_at: Date | null;
  trigger_id: string;
  callback_url: string;
  secret_ciphertext: string | null;
}

/**
 * One delivery attempt: POST, record the attempt in webhook_deliveries and, when it failed
 * in a way that can succeed later, enqueue the next attempt after a backoff — the record
 * and the next job commit together, so a crash between them loses nothing.
 */
export async function deliverRunCallback(
  r: EngineResources,
  job: CallbackJob,
  options: CallbackOptions & { secretKey?: Buffer },
): Promise<void> {
  const { rows } = await r.db.pool.query<CallbackRow>(
    `SELECT r.id, r.workflow_id, r.status, r.output, r.error, r.created_at, r.finished_at,
            t.id AS trigger_id, t.callback_url, t.secret_ciphertext
       FROM runs r JOIN triggers t ON t.id = r.trigger_id
      WHERE r.id = $1 AND t.callback_url IS NOT NULL`,
    [job.runId],
  );
  const run = rows[0];
  if (!run) return; // the trigger or its callback URL was removed since
  const done = await r.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_deliveries WHERE run_id = $1 AND purpose = 'callback' AND attempt = $2`,
    [job.runId, job.attempt],
  );
  if (done.rows[0]!.n > 0) return; // a re-delivered job whose attempt was already recorded

  const maxAttempts = options.maxAttempts ?? 8;
  const idempotencyKey = callbackIdempotencyKey(run.id);
  const payload: RunCallbackPayload = {
    type: 'run.finished',
    runId: run.id,
    workflowId: run.workflow_id,
    triggerId: run.trigger_id,
    status: run.status,
    output: run.output ?? null,
    error: run.error ?? null,
    createdAt: run.created_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
  };

  let secret: string | undefined;
  let setupError: string | undefined;
  try {
    if (!run.secret_ciphertext) setupError = 'the trigger has no signing secret';
    else if (!options.secretKey) setupError = 'CONVEYOR_SECRET_KEY is not configured in the runner';
    else secret = decryptSecret(options.secretKey, run.secret_ciphertext);
  } catch {
    setupError = 'the trigger secret cannot be decrypted with this CONVEYOR_SECRET_KEY';
  }

  const result = secret
    ? await deliverWebhook({
        fetch: r.fetch,
        url: run.callback_url,
        payload,
        secret,
        idempotencyKey,
        headers: { 'user-agent': 'Conveyor-Callback/1' },
        maxAttempts: 1,
        timeoutMs: options.timeoutMs ?? 10_000,
      })
    : undefined;
  const attempt = result?.attempts[0];
  const retry = !!attempt && attempt.outcome === 'failed' && attempt.retryable && job.attempt < maxAttempts;
  const status = attempt?.outcome === 'delivered' ? 'delivered' : retry ? 'retrying' : 'failed';

  await withTransaction(r.db, async (client) => {
    await client.query(
      `INSERT INTO webhook_deliveries (run_id, trigger_id, purpose, url, idempotency_key, attempt, status, response_status, error, duration_ms)
       VALUES ($1, $2, 'callback', $3, $4, $5, $6, $7, $8, $9)`,
      [
        run.id,
        run.trigger_id,
        run.callback_url,
        idempotencyKey,
        job.attempt,
        status,
        attempt?.responseStatus ?? null,
        setupError ?? attempt?.error ?? null,
        attempt?.durationMs ?? null,
      ],
    );
    if (retry) {
      const delay = backoffDelayMs(job.attempt, { baseMs: 2000, maxMs: 600_000, ...options.backoff });
      await enqueueCallback(client, r.boss, { runId: run.id, attempt: job.attempt + 1 }, new Date(Date.now() + delay));
    }
  });
  r.logger.info(
    { runId: run.id, attempt: job.attempt, status, responseStatus: attempt?.responseStatus },
    'run callback attempt',
  );
}
