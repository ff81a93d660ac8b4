import { nodeKey } from '@conveyor/nodes';
import { isSuspension, NonRetriableError } from '@conveyor/nodes/server';
import { withTransaction } from '@conveyor/db';
import { executeNode } from './execute-node.ts';
import { loadRunGraph } from './graph-cache.ts';
import type { StepJob } from './queues.ts';
import { loadSteps, lockRun, TERMINAL_RUN, TERMINAL_STEP, type StepRow } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { policyFromConfig, resolvePolicy } from './step-policy.ts';
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

/**
 * One job = one execution of one step attempt: claim (a short transaction), execute
 * (outside any transaction), settle (one transaction: state, audit, successors' jobs).
 * Every check is against the rows, so a duplicate, stale or re-delivered job is harmless:
 * a settled step is never settled twice.
 */
export async function processStepJob(
  r: EngineResources,
  job: StepJob,
  workerId: string,
  cancels: CancelRegistry,
): Promise<void> {
  const claimed = await claim(r, job, workerId);
  if (!claimed) return;
  const { step } = claimed;
  const graph = await loadRunGraph(r.db.pool, claimed.versionId);
  const node = graph.nodes.get(step.node_id);
  const executor = r.executors.get(nodeKey(step.node_type, step.node_type_version));
  const policy = resolvePolicy(policyFromConfig(node?.config), node?.policy);
  const controller = cancels.register(job.runId);
  let outcome: { ok: true; result: Awaited<ReturnType<typeof executeNode>> } | { ok: false; error: unknown };
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

  const enqueued = await withTransaction(r.db, async (client) => {
    const run = await lockRun(client, job.runId);
    if (!run || TERMINAL_RUN.has(run.status)) return 0; // canceled or failed meanwhile
    const steps = await loadSteps(client, job.runId);
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
      graph,
      policy,
      workerId,
      startedAt: claimed.startedAt,
    };
    if (!outcome.ok) return settleFailure(s, outcome.error);
    if (isSuspension(outcome.result)) return settleSuspension(s, outcome.result);
    return settleSuccess(s, outcome.result);
  });
  if (enqueued) r.wake();
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
    const step = rows[0];
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

type ClaimRow = StepRow & { run_status: string; workspace_id: string; workflow_version_id: string };

const CLAIM_SELECT = `SELECT s.id, s.run_id, s.node_id, s.node_type, s.node_type_version, s.round, s.status, s.attempt, s.max_attempts,
       s.inputs, s.outputs, s.fired_ports, s.error, s.wait_for,
       r.status AS run_status, r.workspace_id, r.workflow_version_id
  FROM steps s JOIN runs r ON r.id = s.run_id`;
