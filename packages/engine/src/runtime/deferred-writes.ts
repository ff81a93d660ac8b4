import { createHash } from 'node:crypto';
import type { JobInsert, PgBoss } from 'pg-boss';
import { asBossDb, type SqlClient } from '@conveyor/db';
import { NOTIFY_STEPS_READY, STEP_QUEUE } from './queues.ts';
import { RUN_FINISHED_CHANNEL } from './run-callbacks.ts';

/**
 * Writes a batch settle collects instead of sending one by one, flushed as a handful of
 * multi-row statements at the end of the same transaction (before it commits):
 *  - succeeded steps (state, outputs, fired ports) and their attempt rows;
 *  - successors' first attempts (inputs, attempt 1, attempt budget) and every step job
 *    (one pg-boss `insert` with the ids and options `send` would use; it skips an id that
 *    exists, as `send` does);
 *  - runs that ended: state, output, what is left of their steps and tasks, and the
 *    run-finished NOTIFY, in one statement for all of them;
 *  - audit events of runs, hash-chained here in the order they were appended: the chain's
 *    last hash is read once per run, each hash is sha256(prev_hash || canonical event) —
 *    the formula the single-row INSERT computes in SQL — and the rows are inserted in
 *    that order, so ids follow the chain.
 *
 * Safe because the transaction holds the lock of every run it touches and keeps their
 * state in memory: nothing in it reads these rows back before the flush. The one later
 * statement that touches them, a run's finish cancelling its steps still `pending` or
 * `running`, may catch a step whose success is still buffered; the flush that follows
 * writes the success over it, the same end state as writing it first.
 * Events without a run (chained per subject, outside the run locks) are never deferred.
 */
export interface DeferredWrites {
  succeeded: { id: string; outputs: string; firedPorts: string[] }[];
  attempts: {
    stepId: string;
    attempt: number;
    status: string;
    workerId: string;
    error: string | null;
    meta: string | null;
    startedAt: Date;
  }[];
  firstAttempts: { id: string; inputs: string | null; maxAttempts: number }[];
  jobs: JobInsert[];
  audits: { chainKey: string; canonical: string; row: unknown[] }[];
  /** Runs that ended (no callback, no concurrency slot to hand out: finish-run.ts). */
  finished: { id: string; status: string; output: string | null; error: string | null }[];
}

const open = new WeakMap<SqlClient, DeferredWrites>();

/** The buffer of the transaction running on `client`, if it defers its writes. */
export function deferredWrites(client: SqlClient): DeferredWrites | undefined {
  return open.get(client);
}

/**
 * Runs `fn` with writes deferred on `client`, then flushes them (still in its transaction).
 * `announce`: the jobs are for other processes' runners (STEPS_READY_CHANNEL on commit);
 * a runner settling steps wakes its own loops instead.
 */
export async function withDeferredWrites<T>(
  client: SqlClient,
  boss: PgBoss,
  fn: () => Promise<T>,
  options: {
    announce: boolean;
    /** Filled in after the flush: how many step jobs it inserted (to wake loops after commit). */
    flushed?: { jobs: number };
  },
): Promise<T> {
  const w: DeferredWrites = { succeeded: [], attempts: [], firstAttempts: [], jobs: [], audits: [], finished: [] };
  open.set(client, w);
  try {
    const result = await fn();
    open.delete(client);
    await flush(client, boss, w);
    if (options.announce && w.jobs.length) await client.query(NOTIFY_STEPS_READY);
    if (options.flushed) options.flushed.jobs = w.jobs.length;
    return result;
  } finally {
    open.delete(client);
  }
}

async function flush(client: SqlClient, boss: PgBoss, w: DeferredWrites) {
  if (w.succeeded.length) {
    await client.query(
      `UPDATE steps s SET status = 'succeeded', outputs = u.outputs,
              fired_ports = ARRAY(SELECT jsonb_array_elements_text(u.fired)),
              error = NULL, wait_for = NULL, resume_at = NULL, finished_at = now()
         FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[]) AS u(id, outputs, fired)
        WHERE s.id = u.id`,
      [
        w.succeeded.map((x) => x.id),
        w.succeeded.map((x) => x.outputs),
        w.succeeded.map((x) => JSON.stringify(x.firedPorts)),
      ],
    );
  }
  if (w.firstAttempts.length) {
    await client.query(
      `UPDATE steps s SET inputs = u.inputs, attempt = 1, max_attempts = u.max_attempts
         FROM unnest($1::uuid[], $2::jsonb[], $3::int[]) AS u(id, inputs, max_attempts)
        WHERE s.id = u.id`,
      [
        w.firstAttempts.map((x) => x.id),
        w.firstAttempts.map((x) => x.inputs),
        w.firstAttempts.map((x) => x.maxAttempts),
      ],
    );
  }
  if (w.attempts.length) {
    const a = w.attempts;
    await client.query(
      `INSERT INTO step_attempts (step_id, attempt, status, worker_id, error, meta, started_at, finished_at)
       SELECT u.step_id, u.attempt, u.status::"StepStatus", u.worker_id, u.error, u.meta, u.started_at, now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])
              AS u(step_id, attempt, status, worker_id, error, meta, started_at)
       ON CONFLICT (step_id, attempt) DO UPDATE
         SET status = EXCLUDED.status, worker_id = EXCLUDED.worker_id, error = EXCLUDED.error,
             meta = coalesce(EXCLUDED.meta, step_attempts.meta), finished_at = now()`,
      [
        a.map((x) => x.stepId),
        a.map((x) => x.attempt),
        a.map((x) => x.status),
        a.map((x) => x.workerId),
        a.map((x) => x.error),
        a.map((x) => x.meta),
        a.map((x) => x.startedAt),
      ],
    );
  }
  if (w.finished.length) {
    // After the steps' own updates: what a finish cancels is only what is still open.
    const f = w.finished;
    await client.query(
      `WITH u AS (
         UPDATE runs r SET status = u.status::"RunStatus", output = u.output, error = u.error, finished_at = now(), updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::jsonb[]) AS u(id, status, output, error)
          WHERE r.id = u.id
         RETURNING r.id, u.status
       ), steps_left AS (
         UPDATE steps SET status = 'canceled', finished_at = now()
          WHERE run_id = ANY($1::uuid[]) AND status IN ('pending', 'waiting', 'running')
       ), tasks_left AS (
         UPDATE human_tasks SET status = 'canceled', updated_at = now()
          WHERE run_id = ANY($1::uuid[]) AND status IN ('open', 'claimed')
       )
       SELECT pg_notify('${RUN_FINISHED_CHANNEL}', u.id::text || ':' || u.status) FROM u`,
      [f.map((x) => x.id), f.map((x) => x.status), f.map((x) => x.output), f.map((x) => x.error)],
    );
  }
  if (w.audits.length) await flushAudits(client, w.audits);
  if (w.jobs.length) {
    // Deterministic ids: the same job twice in one insert would be refused, so keep one.
    const unique = [...new Map(w.jobs.map((j) => [j.id, j])).values()];
    await boss.insert(STEP_QUEUE, unique, { db: asBossDb(client) } as never);
  }
}

async function flushAudits(client: SqlClient, audits: DeferredWrites['audits']) {
  const chains = [...new Set(audits.map((a) => a.chainKey))];
  // By run id alone, on the (run_id, id) index (see auditInsert).
  const { rows } = await client.query<{ run_id: string; hash: string | null }>(
    `SELECT c.run_id::text AS run_id,
            (SELECT hash FROM audit_events WHERE run_id = c.run_id ORDER BY id DESC LIMIT 1) AS hash
       FROM unnest($1::uuid[]) AS c(run_id)`,
    [chains],
  );
  const last = new Map(rows.map((r) => [r.run_id, r.hash]));
  const prev: (string | null)[] = [];
  const hash: string[] = [];
  for (const a of audits) {
    const p = last.get(a.chainKey) ?? null;
    const h = createHash('sha256')
      .update(`${p ?? ''}${a.canonical}`, 'utf8')
      .digest('hex');
    prev.push(p);
    hash.push(h);
    last.set(a.chainKey, h);
  }
  const col = (i: number) => audits.map((a) => a.row[i]);
  await client.query(
    `INSERT INTO audit_events (workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     SELECT u.workspace_id, u.run_id, u.step_id, u.actor_type, u.actor_id, u.action, u.subject_type, u.subject_id, u.data, u.prev_hash, u.hash
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[])
            WITH ORDINALITY AS u(workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash, n)
      ORDER BY u.n`,
    [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8), prev, hash],
  );
}
