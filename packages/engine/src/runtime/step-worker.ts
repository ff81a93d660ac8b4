import { nodeKey } from '@conveyor/nodes';
import { isSuspension, NonRetriableError } from '@conveyor/nodes/server';
import { withTransaction, type SqlClient } from '@conveyor/db';
import { executeNode } from './execute-node.ts';
import { loadRunGraph } from './graph-cache.ts';
import type { StepJob } from './queues.ts';
import {
  loadSteps,
  loadStepsOfRuns,
  lockRuns,
  TERMINAL_RUN,
  TERMINAL_STEP,
  type RunRow,
  type StepRow,
} from './run-store.ts';
import { withDeferredWrites } from './deferred-writes.ts';
import type { RunGraph } from './run-graph.ts';
import type { EngineResources } from './resources.ts';
import { policyFromConfig, resolvePolicy, type StepPolicy } from './step-policy.ts';
import { settleFailure, settleSuccess, settleSuspension, type SettleContext } from './settle-step.ts';
import type { CancelRegistry } from './cancel-registry.ts';

interface Claimed {
  workspaceId: string;
  versionId: string;
  step: StepRow;
  resume: StepJob['resume'];
  startedAt: Date;
  workerId: string;
  /** Pending "mark as running" write, dropped when the step settles first. */
  markRunning?: NodeJS.Timeout;
}

const MARK_RUNNING_AFTER_MS = 30;

type Outcome = { ok: true; result: Awaited<ReturnType<typeof executeNode>> } | { ok: false; error: unknown };

interface Executed {
  job: StepJob;
  claimed: Claimed;
  graph: RunGraph;
  policy: StepPolicy;
  outcome: Outcome;
}

/**
 * One job = one execution of one step attempt: claim (one read), execute (outside any
 * transaction), settle (one transaction: state, audit, successors' jobs). Every check is
 * against the rows, so a duplicate, stale or re-delivered job is harmless: a settled step
 * is never settled twice.
 */
export async function processStepJob(
  r: EngineResources,
  job: StepJob,
  workerId: string,
  cancels: CancelRegistry,
): Promise<void> {
  return processStepBatch(r, [job], workerId, cancels);
}

/**
 * A fetched batch: the plain jobs are claimed with one read and all of them execute
 * concurrently. Finished steps settle in waves (group commit): whatever has finished when
 * the previous wave's transaction is done settles together in ONE transaction — the runs
 * locked in id order (so batches never deadlock each other), their steps read once, each
 * step settled in finishing order by the same code as a lone step (so per-run order,
 * idempotency and the audit chain hold exactly as before), successors' rows and jobs
 * written in two statements at the end. A slow step never holds up the fast ones' hand-off.
 * If a wave's transaction fails (a deadlock with a concurrent cancel, say), its steps are
 * settled again one by one; what has already settled is recognised and skipped.
 */
export async function processStepBatch(
  r: EngineResources,
  jobs: StepJob[],
  workerId: string,
  cancels: CancelRegistry,
): Promise<void> {
  const claims = await claimBatch(r, jobs, workerId);
  let finished: Executed[] = [];
  let lastWave: Promise<void> = Promise.resolve();
  const settleWave = async () => {
    const wave = finished;
    finished = [];
    if (!wave.length) return;
    let enqueued = 0;
    if (wave.length === 1) {
      enqueued = await settleAlone(r, wave[0]!);
    } else {
      try {
        enqueued = await settleTogether(r, wave);
      } catch (error) {
        r.logger.warn({ err: error, steps: wave.length }, 'batch settle failed; settling its steps one by one');
        for (const e of wave) enqueued += await settleAlone(r, e);
      }
    }
    if (enqueued) r.wake();
  };
  await Promise.all(
    jobs.map(async (job, i) => {
      const claimed = claims[i];
      if (!claimed) return;
      const executed = await execute(r, job, claimed, cancels);
      finished.push(executed); // not `finished.push(await …)`: that would push into the array before a wave took it
      // One event-loop turn lets the steps finishing together join the same wave.
      const wave = lastWave
        .catch(() => {})
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(settleWave);
      lastWave = wave;
      await wave;
    }),
  );
}

async function execute(r: EngineResources, job: StepJob, claimed: Claimed, cancels: CancelRegistry): Promise<Executed> {
  const { step } = claimed;
  const graph = await loadRunGraph(r.db.pool, claimed.versionId);
  const node = graph.nodes.get(step.node_id);
  const executor = r.executors.get(nodeKey(step.node_type, step.node_type_version));
  const policy = resolvePolicy(policyFromConfig(node?.config), node?.policy);
  const controller = cancels.register(job.runId);
  let outcome: Outcome;
  try {
    if (!executor || !node) {
      throw new NonRetriableError(
        `No executor for node type ${nodeKey(step.node_type, step.node_type_version)} in this runner`,
        { code: 'unknown_node_type' },
      );
    }
    const result = await executeNode(r, {
      executor,
      workspaceId: claimed.workspaceId,
      runId: job.runId,
      stepId: step.id,
      nodeId: step.node_id,
      attempt: step.attempt,
      config: node.config,
      inputs: step.inputs ?? {},
      timeoutMs: policy.timeoutMs,
      cancel: controller.signal,
      resume: claimed.resume
        ? {
            kind: claimed.resume.kind,
            payload: claimed.resume.payload,
            timedOut: claimed.resume.timedOut,
            resumedAt: r.now().toISOString(),
          }
        : undefined,
    });
    outcome = { ok: true, result };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    cancels.release(job.runId, controller);
    clearTimeout(claimed.markRunning);
  }
  return { job, claimed, graph, policy, outcome };
}

/** One step in its own transaction (the same buffered writes as a wave, of one). */
async function settleAlone(r: EngineResources, e: Executed): Promise<number> {
  return settleInTransaction(r, [e.job.runId], async (client, runs) => {
    const run = runs.get(e.job.runId);
    if (!run) return 0;
    return settleOne(r, client, run, await loadSteps(client, run.id), e);
  });
}

/** Many steps (of many runs) in one transaction; see processStepBatch. */
async function settleTogether(r: EngineResources, done: Executed[]): Promise<number> {
  const runIds = [...new Set(done.map((e) => e.job.runId))].sort();
  return settleInTransaction(r, runIds, async (client, runs) => {
    const stepsByRun = await loadStepsOfRuns(client, runIds);
    let enqueued = 0;
    for (const e of done) {
      const run = runs.get(e.job.runId);
      if (!run) continue;
      enqueued += await settleOne(r, client, run, stepsByRun.get(run.id) ?? new Map(), e);
    }
    return enqueued;
  });
}

/**
 * A settle transaction: writes buffered from the start (so the runs' audit chain heads come
 * with their locks), runs locked in id order, `fn`, then the flush. Returns what to wake
 * the loops for: the successors counted, or the jobs flushed if more (a finish may have
 * promoted queued runs).
 */
function settleInTransaction(
  r: EngineResources,
  runIds: string[],
  fn: (client: SqlClient, runs: Map<string, RunRow>) => Promise<number>,
): Promise<number> {
  return withTransaction(r.db, async (client) => {
    const flushed = { jobs: 0 };
    const enqueued = await withDeferredWrites(client, r.boss, async () => fn(client, await lockRuns(client, runIds)), {
      announce: false,
      flushed,
    });
    return Math.max(enqueued, flushed.jobs);
  });
}

/**
 * Settles one execution under its run's lock, against the run's current rows (`steps`,
 * shared by every step of that run settled in the same transaction and kept up to date
 * in memory by the settle code).
 */
async function settleOne(
  r: EngineResources,
  client: SqlClient,
  run: RunRow,
  steps: Map<string, StepRow>,
  e: Executed,
): Promise<number> {
  const { claimed, outcome } = e;
  const { step } = claimed;
  if (TERMINAL_RUN.has(run.status)) return 0; // canceled or failed meanwhile
  const current = steps.get(step.node_id);
  if (!current || current.id !== step.id || current.attempt !== step.attempt) return 0;
  if (current.status !== 'running' && current.status !== 'pending') return 0; // settled by another delivery
  current.status = 'running';
  const s: SettleContext = {
    r,
    client,
    run,
    step: current,
    steps,
    graph: e.graph,
    policy: e.policy,
    workerId: claimed.workerId,
    startedAt: claimed.startedAt,
  };
  if (!outcome.ok) return settleFailure(s, outcome.error);
  if (isSuspension(outcome.result)) return settleSuspension(s, outcome.result);
  return settleSuccess(s, outcome.result);
}

/**
 * Claims a batch: resumes one by one (each takes its waiting step in a transaction), plain
 * executions with one read for all of them.
 */
async function claimBatch(r: EngineResources, jobs: StepJob[], workerId: string): Promise<(Claimed | null)[]> {
  const plain = jobs.filter((j) => !j.resume).map((j) => j.stepId);
  const rows = new Map<string, ClaimRow>();
  if (plain.length) {
    const found = await r.db.pool.query<ClaimRow>(`${CLAIM_SELECT} WHERE s.id = ANY($1::uuid[])`, [plain]);
    for (const row of found.rows) rows.set(row.id, row);
  }
  const seen = new Set<string>();
  return Promise.all(
    jobs.map((job) => {
      if (job.resume) return claim(r, job, workerId);
      // The same attempt twice in one batch (a re-delivery next to its original) runs once.
      const key = `${job.stepId}:${job.attempt}`;
      if (seen.has(key)) return null;
      seen.add(key);
      return claimPlain(r, job, workerId, rows.get(job.stepId));
    }),
  );
}

/**
 * Checks the job against the rows before anything runs. A plain execution needs no
 * transaction: one read decides, and the step is marked `running` for the UI without
 * waiting (guarded, so it can never overwrite a settled state); the settle transaction
 * re-checks everything under the run lock. A resume must take the waiting step exactly
 * once, so it claims in a transaction.
 */
async function claim(r: EngineResources, job: StepJob, workerId: string): Promise<Claimed | null> {
  if (!job.resume) {
    const { rows } = await r.db.pool.query<ClaimRow>(`${CLAIM_SELECT} WHERE s.id = $1`, [job.stepId]);
    return claimPlain(r, job, workerId, rows[0]);
  }
  return withTransaction(r.db, async (client) => {
    const { rows } = await client.query<ClaimRow>(`${CLAIM_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [job.stepId]);
    const step = rows[0];
    if (!step || TERMINAL_STEP.has(step.status) || TERMINAL_RUN.has(step.run_status)) return null;
    if (step.attempt !== job.attempt) return null;
    const waitFor = (step.wait_for ?? {}) as { token?: string; resumed?: { token?: string; payload?: unknown } };
    const resume = job.resume!;
    const viaTimer = step.status === 'waiting' && waitFor.token === resume.token;
    const viaSignal = step.status === 'pending' && waitFor.resumed?.token === resume.token;
    if (!viaTimer && !viaSignal) return null; // already resumed by the other path
    if (viaTimer && resume.kind === 'task') {
      // The SLA won the race: the task leaves every inbox in the same transaction, so a
      // reviewer deciding now gets a clear "expired" instead of a silent no-op.
      await client.query(
        `UPDATE human_tasks SET status = 'expired', completed_at = now(), updated_at = now(), lease_expires_at = NULL
          WHERE step_id = $1 AND status IN ('open', 'claimed')`,
        [step.id],
      );
      await client.query(`SELECT pg_notify('conveyor_inbox', $1)`, [step.workspace_id]);
    }
    await client.query(
      `UPDATE steps SET status = 'running', started_at = coalesce(started_at, now()), resume_at = NULL WHERE id = $1`,
      [step.id],
    );
    if (step.run_status === 'waiting') {
      await client.query(`UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1`, [step.run_id]);
    }
    step.status = 'running';
    return {
      workspaceId: step.workspace_id,
      versionId: step.workflow_version_id,
      step,
      resume: viaSignal ? { ...resume, payload: waitFor.resumed?.payload } : resume,
      startedAt: new Date(),
      workerId,
    };
  });
}

/** A plain execution: one read decided (`step` is that row); mark running lazily. */
function claimPlain(r: EngineResources, job: StepJob, workerId: string, step: ClaimRow | undefined): Claimed | null {
  if (!step || TERMINAL_STEP.has(step.status) || TERMINAL_RUN.has(step.run_status)) return null;
  if (step.attempt !== job.attempt || (step.status !== 'pending' && step.status !== 'running')) return null;
  // Shown as running only if it runs for a moment: a fast logic step settles before
  // the mark would land, which saves a write per step on the hot path.
  const markRunning = setTimeout(() => {
    r.db.pool
      .query(
        `UPDATE steps SET status = 'running', started_at = coalesce(started_at, now()), resume_at = NULL
          WHERE id = $1 AND status = 'pending' AND attempt = $2`,
        [step.id, step.attempt],
      )
      .catch((error) => r.logger.warn({ err: error, stepId: step.id }, 'could not mark step running'));
  }, MARK_RUNNING_AFTER_MS);
  if (step.run_status === 'waiting') {
    r.db.pool
      .query(`UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1 AND status = 'waiting'`, [
        step.run_id,
      ])
      .catch(() => {});
  }
  return {
    workspaceId: step.workspace_id,
    versionId: step.workflow_version_id,
    step,
    resume: undefined,
    startedAt: new Date(),
    workerId,
    markRunning,
  };
}

type ClaimRow = StepRow & { run_status: string; workspace_id: string; workflow_version_id: string };

const CLAIM_SELECT = `SELECT s.id, s.run_id, s.node_id, s.node_type, s.node_type_version, s.round, s.status, s.attempt, s.max_attempts,
       s.inputs, s.outputs, s.fired_ports, s.error, s.wait_for,
       r.status AS run_status, r.workspace_id, r.workflow_version_id
  FROM steps s JOIN runs r ON r.id = s.run_id`;
