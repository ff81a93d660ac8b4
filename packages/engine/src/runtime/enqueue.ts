import { asBossDb, type SqlClient } from '@conveyor/db';
import type { PgBoss } from 'pg-boss';
import { STEP_QUEUE, stepJobId, type StepJob } from './queues.ts';

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
  await boss.send(STEP_QUEUE, job as unknown as object, {
    id: stepJobId(job.stepId, job.attempt, options.purpose),
    db: asBossDb(client),
    priority: options.priority ?? 0,
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    // Crash recovery only: the engine retries failed attempts itself (with its own
    // backoff and attempt records); pg-boss re-delivers a job whose worker died.
    retryLimit: 20,
    retryDelay: 1,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  });
}
