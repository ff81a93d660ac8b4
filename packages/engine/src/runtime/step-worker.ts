import { nodeKey } from '@conveyor/nodes';
import { isSuspension, NonRetriableError } from '@conveyor/nodes/server';
import { withTransaction } from '@conveyor/db';
import { executeNode } from './execute-node.ts';
import { loadRunGraph } from './graph-cache.ts';
import type { StepJob } from './queues.ts';
import { loadSteps, lockRun, TERMINAL_RUN, TERMINAL_STEP, type StepRow } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { resolvePolicy } from './step-policy.ts';
import { settleFailure, settleSuccess, settleSuspension, type SettleContext } from './settle-step.ts';
import type { CancelRegistry } from './cancel-registry.ts';

interface Claimed {
  workspaceId: string;
  versionId: string;
  step: StepRow;
  resume: StepJob['resume'];
}

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
  const policy = resolvePolicy(node?.policy);
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
  }

  const enqueued = await withTransaction(r.db, async (client) => {
    const run = await lockRun(client, job.runId);
    if (!run || TERMINAL_RUN.has(run.status)) return 0; // canceled or failed meanwhile
    const steps = await loadSteps(client, job.runId);
    const current = steps.get(step.node_id);
    if (!current || current.id !== step.id || current.status !== 'running' || current.attempt !== step.attempt)
      return 0;
    const s: SettleContext = { r, client, run, step: current, steps, graph, policy, workerId };
    if (!outcome.ok) return settleFailure(s, outcome.error);
    if (isSuspension(outcome.result)) return settleSuspension(s, outcome.result);
    return settleSuccess(s, outcome.result);
  });
  if (enqueued) r.wake();
}

async function claim(r: EngineResources, job: StepJob, workerId: string): Promise<Claimed | null> {
  return withTransaction(r.db, async (client) => {
    const { rows } = await client.query<
      StepRow & { run_status: string; workspace_id: string; workflow_version_id: string }
    >(
      `SELECT s.id, s.run_id, s.node_id, s.node_type, s.node_type_version, s.round, s.status, s.attempt, s.max_attempts,
              s.inputs, s.outputs, s.fired_ports, s.error, s.wait_for,
              r.status AS run_status, r.workspace_id, r.workflow_version_id
         FROM steps s JOIN runs r ON r.id = s.run_id
        WHERE s.id = $1 FOR UPDATE OF s`,
      [job.stepId],
    );
    const step = rows[0];
    if (!step || TERMINAL_STEP.has(step.status)) return null;
    if (TERMINAL_RUN.has(step.run_status)) {
      await client.query(`UPDATE steps SET status = 'canceled', finished_at = now() WHERE id = $1`, [step.id]);
      return null;
    }
    if (step.attempt !== job.attempt) return null; // stale: a newer attempt exists
    const waitFor = (step.wait_for ?? {}) as {
      token?: string;
      resumed?: { token?: string; payload?: unknown; kind?: string };
    };
    let resume: StepJob['resume'];
    if (job.resume) {
      const viaTimer = step.status === 'waiting' && waitFor.token === job.resume.token;
      const viaSignal = step.status === 'pending' && waitFor.resumed?.token === job.resume.token;
      if (!viaTimer && !viaSignal) return null; // already resumed by the other path
      resume = viaSignal ? { ...job.resume, payload: waitFor.resumed?.payload } : job.resume;
    } else if (step.status !== 'pending' && step.status !== 'running') {
      return null;
    }
    await client.query(
      `UPDATE steps SET status = 'running', started_at = coalesce(started_at, now()), resume_at = NULL WHERE id = $1`,
      [step.id],
    );
    await client.query(
      `INSERT INTO step_attempts (step_id, attempt, status, worker_id) VALUES ($1, $2, 'running', $3)
       ON CONFLICT (step_id, attempt) DO UPDATE SET status = 'running', worker_id = EXCLUDED.worker_id, finished_at = NULL`,
      [step.id, step.attempt, workerId],
    );
    if (step.run_status === 'waiting')
      await client.query(`UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1`, [step.run_id]);
    step.status = 'running';
    return { workspaceId: step.workspace_id, versionId: step.workflow_version_id, step, resume };
  });
}
