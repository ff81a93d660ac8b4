import os from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PgBoss, Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '@conveyor/db';
import type { GuardedFetch, InferFn, MediaStore, NodeExecutor, SecretStore } from '@conveyor/nodes/server';
import { nodeKey } from '@conveyor/nodes';
import { CancelRegistry } from './cancel-registry.ts';
import { CANCEL_CHANNEL, cancelRun, rerunFromStep, resumeStep } from './control.ts';
import { STEP_QUEUE, STEPS_READY_CHANNEL, type StepJob } from './queues.ts';
import type { EngineResources } from './resources.ts';
import { startRun, type StartRunInput } from './start-run.ts';
import { processStepBatch } from './step-worker.ts';
import { promoteQueuedRuns } from './activate-run.ts';
import { acceptQueuedRuns, RUNS_QUEUED_CHANNEL, type QueuedRunInput } from './accept-runs.ts';
import { createRunActivator, type RunActivator } from './run-activator.ts';
import { CALLBACK_QUEUE, deliverRunCallback, type CallbackJob, type CallbackOptions } from './run-callbacks.ts';
import type { SqlClient } from '@conveyor/db';
import { awaitEvidence, submitEvidence, type AwaitEvidenceInput, type SubmitEvidenceInput } from './evidence-round.ts';
import { INBOX_TIMER_QUEUE, processInboxTimer, type InboxTimerJob } from './inbox-timers.ts';

export interface EngineOptions {
  db: Db;
  boss: PgBoss;
  logger: Logger;
  executors: NodeExecutor[];
  media: (workspaceId: string) => MediaStore;
  infer: (workspaceId: string) => InferFn;
  secrets: (workspaceId: string) => SecretStore;
  fetch: GuardedFetch;
  now?: () => Date;
  maxOutputBytes?: number;
  /** Decrypts trigger secrets to sign run callbacks (CONVEYOR_SECRET_KEY). */
  secretKey?: Buffer;
  /** Outbound run callbacks (a trigger's callback URL): attempts, backoff, timeout. */
  callbacks?: CallbackOptions;
}

export interface WorkerOptions {
  /** Jobs fetched per poll; a batch runs concurrently. */
  batchSize?: number;
  /** Safety-net polling; hand-offs don't wait for it (wake + LISTEN/NOTIFY). */
  pollingIntervalSeconds?: number;
  /**
   * Fetch loops in this process (pg-boss localConcurrency; default 4). A loop waits for its
   * batch to settle before fetching again, so several loops keep Postgres busy while one
   * executes or commits (~2.5× runs/s over one loop in the bench). An earlier note held
   * loops > 1 back after seeing re-delivered jobs stuck in `retry` after a Postgres restart;
   * that no longer reproduces (tests/reliability with ENGINE_LOOPS=4, old and new settle
   * code) — see the engine README ("Several fetch loops").
   */
  concurrency?: number;
}

const DEFAULT_LOOPS = 4;

export type Engine = ReturnType<typeof createEngine>;

/**
 * The run engine: start/cancel/resume/re-run, and the step workers that advance runs.
 * One engine per process; any number of processes share the database.
 */
export function createEngine(options: EngineOptions) {
  let workerId: string | undefined;
  /** Every fetch loop of the step worker (pg-boss localConcurrency spawns one per loop). */
  let loopIds: string[] = [];
  const cancels = new CancelRegistry();
  const r: EngineResources = {
    db: options.db,
    boss: options.boss,
    logger: options.logger,
    executors: new Map(options.executors.map((e) => [nodeKey(e.definition.type, e.definition.version), e])),
    media: options.media,
    infer: options.infer,
    secrets: options.secrets,
    fetch: options.fetch,
    now: options.now ?? (() => new Date()),
    limits: { maxOutputBytes: options.maxOutputBytes ?? 256 * 1024 },
    // The worker that finishes a step claims its successors at once instead of waiting
    // for the next poll (pg-boss's in-process notifyWorker). Every loop: waking only as many
    // as the new jobs fill batches (in turn) left jobs behind busy loops — sync webhook
    // round trips fell from ~250/s to ~180/s — so an idle loop's empty fetch is the price.
    wake: () => {
      for (const id of loopIds) options.boss.notifyWorker(id);
    },
    hasStepWorkers: () => loopIds.length > 0,
    wakeAt: (when: Date) => {
      const ms = when.getTime() - Date.now();
      // Far-off timers are left to polling (a restart loses in-memory timeouts anyway).
      if (ms < 10 * 60_000) setTimeout(() => r.wake(), Math.max(0, ms) + 5).unref();
    },
    promoteQueuedRuns: async (client, workflowId) => (await promoteQueuedRuns(r, client, workflowId)).enqueued,
  };
  let callbackWorkerId: string | undefined;
  let listener: pg.Client | undefined;
  let activator: RunActivator | undefined;
  let stopped = false;
  // Cancels reach running executions, accepted runs the activator, and step jobs enqueued by
  // other processes (a reviewer's decision in the web app) a fetch loop, through LISTEN; a
  // dropped connection (Postgres restart) reconnects, the settle check still discards a
  // canceled run's results, and the activator's sweep finds runs queued meanwhile.
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.db.url, application_name: 'conveyor-engine-listener' });
    client.on('error', (error) => {
      options.logger.warn({ err: error }, 'engine listener lost its connection; reconnecting');
      if (listener === client) listener = undefined;
      setTimeout(() => void (!stopped && listen().catch(() => {})), 1000).unref();
    });
    client.on('notification', (n) => {
      if (n.channel === STEPS_READY_CHANNEL) return r.wake();
      if (!n.payload) return;
      if (n.channel === CANCEL_CHANNEL) cancels.abortRun(n.payload);
      else if (n.channel === RUNS_QUEUED_CHANNEL) activator?.notify(n.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${CANCEL_CHANNEL}; LISTEN ${RUNS_QUEUED_CHANNEL}; LISTEN ${STEPS_READY_CHANNEL}`);
    listener = client;
  };
  const name = `engine-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;

  return {
    resources: r,
    startRun: (input: StartRunInput, client?: SqlClient) => startRun(r, input, client),
    /** Runs accepted `queued`, in the caller's transaction; a runner's activator starts them. */
    acceptQueuedRuns: (client: SqlClient, runs: QueuedRunInput[]) => acceptQueuedRuns(client, runs),
    cancelRun: (runId: string, actor?: Parameters<typeof cancelRun>[2]) => cancelRun(r, runId, actor),
    resumeStep: (client: SqlClient, stepId: string, kind: 'task' | 'evidence', payload: unknown) =>
      resumeStep(r, client, stepId, kind, payload),
    rerunFromStep: (runId: string, nodeId: string, actor?: Parameters<typeof rerunFromStep>[3]) =>
      rerunFromStep(r, runId, nodeId, actor),
    /** A reviewer asked for more: the step waits for evidence (expiry, delivery, reminders). */
    awaitEvidence: (client: SqlClient, input: AwaitEvidenceInput) => awaitEvidence(r, client, input),
    /** New media for a step waiting on evidence: a new round of the same run. */
    submitEvidence: async (client: SqlClient, input: SubmitEvidenceInput) => submitEvidence(r, client, input),
    inFlight: () => cancels.inFlight,

    /** Creates the queue (idempotent) and starts this process's step worker. */
    async startWorkers(worker: WorkerOptions = {}) {
      await ensureQueues(options.boss);
      workerId = await options.boss.work<StepJob>(
        STEP_QUEUE,
        {
          batchSize: worker.batchSize ?? 16,
          localConcurrency: worker.concurrency ?? DEFAULT_LOOPS,
          pollingIntervalSeconds: worker.pollingIntervalSeconds ?? 1,
          // Delayed jobs (retries, timers) raise no NOTIFY when they fall due: keep the
          // backstop poll short even while LISTEN/NOTIFY is active.
          notifyPollingIntervalSeconds: worker.pollingIntervalSeconds ?? 1,
        },
        async (jobs: Job<StepJob>[]) => {
          // A batch runs concurrently and settles in one transaction; an infrastructure
          // error (database gone) fails the batch so pg-boss re-delivers it, which is safe
          // because jobs are idempotent.
          await processStepBatch(
            r,
            jobs.map((job) => job.data),
            name,
            cancels,
          );
          // A full batch means a backlog: fetch again at once rather than after the poll.
          if (jobs.length >= (worker.batchSize ?? 16)) r.wake();
        },
      );
      // work() returns the first loop's id; the others share it as their workId.
      loopIds = options.boss
        .getWipData()
        .filter((w) => w.name === STEP_QUEUE && w.workId === workerId)
        .map((w) => w.id);
      if (!loopIds.length) loopIds = [workerId];
      // Run callbacks: one job per attempt, so a slow receiver never holds up steps.
      callbackWorkerId = await options.boss.work<CallbackJob>(
        CALLBACK_QUEUE,
        {
          batchSize: 8,
          pollingIntervalSeconds: worker.pollingIntervalSeconds ?? 1,
          // Backoff jobs fall due without a NOTIFY: the backstop poll picks them up.
          notifyPollingIntervalSeconds: worker.pollingIntervalSeconds ?? 1,
        },
        async (jobs: Job<CallbackJob>[]) => {
          await Promise.all(
            jobs.map((job) => deliverRunCallback(r, job.data, { ...options.callbacks, secretKey: options.secretKey })),
          );
        },
      );
      // Inbox timers (escalation, evidence requests and reminders) fire in the runner.
      await options.boss.work<InboxTimerJob>(
        INBOX_TIMER_QUEUE,
        { batchSize: 4, pollingIntervalSeconds: worker.pollingIntervalSeconds ?? 1 },
        async (jobs: Job<InboxTimerJob>[]) => {
          await Promise.all(jobs.map((job) => processInboxTimer(r, job.data)));
        },
      );
      activator = createRunActivator(r);
      await listen();
      // Runs accepted while no runner listened.
      await activator.sweep();
      return workerId;
    },

    /** Stops taking jobs and waits for in-flight ones (pg-boss graceful stop does the waiting). */
    async stopWorkers() {
      stopped = true;
      await activator?.stop();
      activator = undefined;
      if (workerId) await options.boss.offWork(STEP_QUEUE, { wait: true } as never);
      if (workerId) await options.boss.offWork(INBOX_TIMER_QUEUE, { wait: true } as never).catch(() => {});
      if (callbackWorkerId) await options.boss.offWork(CALLBACK_QUEUE, { wait: true } as never);
      workerId = undefined;
      loopIds = [];
      callbackWorkerId = undefined;
      await listener?.end().catch(() => {});
      listener = undefined;
    },
  };
}

export async function ensureQueues(boss: PgBoss) {
  // No pg-boss NOTIFY on the step queue: it woke every fetch loop of every runner on each
  // settle. The runner that enqueues successors wakes its own loops (wake), and a step job
  // enqueued alone (a resume, a timer, a re-run) NOTIFYs STEPS_READY_CHANNEL itself.
  await boss.createQueue(STEP_QUEUE, { notify: false, heartbeatSeconds: 10 } as never);
  await boss.updateQueue(STEP_QUEUE, { notify: false } as never); // installs from before
  await boss.createQueue(INBOX_TIMER_QUEUE);
  await boss.createQueue(CALLBACK_QUEUE, { notify: true } as never);
}
