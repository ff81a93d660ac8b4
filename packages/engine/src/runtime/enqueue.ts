import { asBossDb, type SqlClient } from '@conveyor/db';
import type { GraphNode } from './run-graph.ts';
import type { RunRow, StepRow } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { json } from './run-store.ts';
import { policyFromConfig, resolvePolicy } from './step-policy.ts';
import type { JobInsert, PgBoss } from 'pg-boss';
import { NOTIFY_STEPS_READY, STEP_QUEUE, stepJobId, type StepJob } from './queues.ts';
import { deferredWrites } from './deferred-writes.ts';

export interface EnqueueOptions {
  startAfter?: Date;
  priority?: number;
  /** Distinguishes resume/timer jobs of the same attempt. */
  purpose?: string;
  /** Upper bound for one execution; pg-boss retries the job if its worker vanished. */
  expireInSeconds?: number;
}

/**
 * Enqueues a step job in the caller's transaction (pg-boss's `db` option), so the job
 * exists exactly when the state change that called for it commits.
 */
export async function enqueueStep(
  client: SqlClient,
  boss: PgBoss,
  job: StepJob,
  options: EnqueueOptions = {},
  wakeAt?: (when: Date) => void,
) {
  if (options.startAfter && wakeAt) wakeAt(options.startAfter);
  const insert: JobInsert = {
    id: stepJobId(job.stepId, job.attempt, options.purpose),
    data: job as unknown as object,
    priority: options.priority ?? 0,
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    // Crash recovery only: the engine retries failed attempts itself (with its own
    // backoff and attempt records); pg-boss re-delivers a job whose worker died.
    retryLimit: 20,
    retryDelay: 1,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  };
  const batch = deferredWrites(client);
  if (batch) {
    batch.jobs.push(insert);
    return;
  }
  const { id, data, ...rest } = insert;
  await boss.send(STEP_QUEUE, data as object, { ...rest, id, db: asBossDb(client) });
  // A job sent alone (a resume, a retry, a timer) may come from a process without step
  // loops (the web app): a runner hears it on commit. A delayed one waits for the poll.
  if (!options.startAfter || options.startAfter.getTime() <= Date.now()) await client.query(NOTIFY_STEPS_READY);
}

/**
 * A step's first attempt: its inputs and attempt budget are recorded and its job is
 * enqueued, in the caller's transaction (entry steps on activation, successors on hand-off).
 */
export async function enqueueFirstAttempt(
  r: EngineResources,
  client: SqlClient,
  run: RunRow,
  step: StepRow,
  node: GraphNode | undefined,
  inputs: Record<string, unknown>,
) {
  const policy = resolvePolicy(policyFromConfig(node?.config), node?.policy);
  const batch = deferredWrites(client);
  if (batch) batch.firstAttempts.push({ id: step.id, inputs: json(inputs), maxAttempts: policy.maxAttempts });
  else
    await client.query(`UPDATE steps SET inputs = $2, attempt = 1, max_attempts = $3 WHERE id = $1`, [
      step.id,
      json(inputs),
      policy.maxAttempts,
    ]);
  step.attempt = 1;
  step.inputs = inputs;
  await enqueueStep(
    client,
    r.boss,
    { runId: run.id, stepId: step.id, attempt: 1 },
    { priority: run.priority, expireInSeconds: Math.ceil(policy.timeoutMs / 1000) + 60 },
  );
}
