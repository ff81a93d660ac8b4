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
  /** The last audit hash of runs locked inside this buffer's transaction (run-store.ts). */
  heads: Map<string, string | null>;
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
  const w: DeferredWrites = {
    succeeded: [],
    attempts: [],
    firstAttempts: [],
    jobs: [],
    audits: [],
    heads: new Map(),
    finished: [],
  };
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
  // Steps, attempts and audit events in ONE statement (data-modifying CTEs on different rows).
  const params: unknown[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  const parts: string[] = [];
  if (w.succeeded.length) {
    const x = w.succeeded;
    parts.push(`succeeded AS (
      UPDATE steps s SET status = 'succeeded', outputs = u.outputs,
             fired_ports = ARRAY(SELECT jsonb_array_elements_text(u.fired)),
             error = NULL, wait_for = NULL, resume_at = NULL, finished_at = now()
        FROM unnest(${$(x.map((y) => y.id))}::uuid[], ${$(x.map((y) => y.outputs))}::jsonb[], ${$(x.map((y) => JSON.stringify(y.firedPorts)))}::jsonb[]) AS u(id, outputs, fired)
       WHERE s.id = u.id)`);
  }
  if (w.firstAttempts.length) {
    const x = w.firstAttempts;
    parts.push(`first_attempts AS (
      UPDATE steps s SET inputs = u.inputs, attempt = 1, max_attempts = u.max_attempts
        FROM unnest(${$(x.map((y) => y.id))}::uuid[], ${$(x.map((y) => y.inputs))}::jsonb[], ${$(x.map((y) => y.maxAttempts))}::int[]) AS u(id, inputs, max_attempts)
       WHERE s.id = u.id)`);
  }
  if (w.attempts.length) {
    const x = w.attempts;
    parts.push(`attempts AS (
      INSERT INTO step_attempts (step_id, attempt, status, worker_id, error, meta, started_at, finished_at)
      SELECT u.step_id, u.attempt, u.status::"StepStatus", u.worker_id, u.error, u.meta, u.started_at, now()
        FROM unnest(${$(x.map((y) => y.stepId))}::uuid[], ${$(x.map((y) => y.attempt))}::int[], ${$(x.map((y) => y.status))}::text[],
                    ${$(x.map((y) => y.workerId))}::text[], ${$(x.map((y) => y.error))}::jsonb[], ${$(x.map((y) => y.meta))}::jsonb[],
                    ${$(x.map((y) => y.startedAt))}::timestamptz[])
             AS u(step_id, attempt, status, worker_id, error, meta, started_at)
      ON CONFLICT (step_id, attempt) DO UPDATE
        SET status = EXCLUDED.status, worker_id = EXCLUDED.worker_id, error = EXCLUDED.error,
            meta = coalesce(EXCLUDED.meta, step_attempts.meta), finished_at = now())`);
  }
  if (w.audits.length) {
    const a = await chainAudits(client, w.audits, w.heads);
    const col = (i: number) => w.audits.map((x) => x.row[i]);
    parts.push(`audits AS (
      INSERT INTO audit_events (workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
      SELECT u.workspace_id, u.run_id, u.step_id, u.actor_type, u.actor_id, u.action, u.subject_type, u.subject_id, u.data, u.prev_hash, u.hash
        FROM unnest(${$(col(0))}::uuid[], ${$(col(1))}::uuid[], ${$(col(2))}::uuid[], ${$(col(3))}::text[], ${$(col(4))}::text[],
                    ${$(col(5))}::text[], ${$(col(6))}::text[], ${$(col(7))}::text[], ${$(col(8))}::jsonb[], ${$(a.prev)}::text[], ${$(a.hash)}::text[])
             WITH ORDINALITY AS u(workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash, n)
       ORDER BY u.n)`);
  }
  if (parts.length) await client.query(`WITH ${parts.join(',\n')} SELECT 1`, params);
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
  if (w.jobs.length) {
    // Deterministic ids: the same job twice in one insert would be refused, so keep one.
    const unique = [...new Map(w.jobs.map((j) => [j.id, j])).values()];
    await boss.insert(STEP_QUEUE, unique, { db: asBossDb(client) } as never);
  }
}

/**
 * prev_hash and hash of each buffered event, in the order appended: sha256(prev_hash ||
 * canonical event), the formula the single-row INSERT computes in SQL. A chain's last hash
 * comes from the lock that read it (`heads`), else from one read for all the others.
 */
async function chainAudits(client: SqlClient, audits: DeferredWrites['audits'], heads: Map<string, string | null>) {
  const last = new Map(heads);
  const unknown = [...new Set(audits.map((a) => a.chainKey).filter((k) => !last.has(k)))];
  if (unknown.length) {
    // By run id alone, on the (run_id, id) index (see auditInsert).
    const { rows } = await client.query<{ run_id: string; hash: string | null }>(
      `SELECT c.run_id::text AS run_id,
              (SELECT hash FROM audit_events WHERE run_id = c.run_id ORDER BY id DESC LIMIT 1) AS hash
         FROM unnest($1::uuid[]) AS c(run_id)`,
      [unknown],
    );
    for (const row of rows) last.set(row.run_id, row.hash);
  }
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
  return { prev, hash };
}
