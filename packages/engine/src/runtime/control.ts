import { randomUUID } from 'node:crypto';
import { withTransaction, type SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { enqueueStep } from './enqueue.ts';
import { finishRun } from './finish-run.ts';
import { loadRunGraph } from './graph-cache.ts';
import { json, lockRun, TERMINAL_RUN } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { successorsOf } from './run-graph.ts';
import { activateRun } from './activate-run.ts';

export const CANCEL_CHANNEL = 'conveyor_run_canceled';

export class RunStateError extends Error {
  override name = 'RunStateError';
  constructor(
    message: string,
    readonly code: 'not_found' | 'conflict',
  ) {
    super(message);
  }
}

type Actor = { type: 'system' | 'user' | 'api_token'; id?: string | null };

/**
 * Cancels a run: its row, pending/waiting steps and open tasks in one transaction; running
 * executions anywhere are aborted through NOTIFY (delivered on commit) and their results
 * are discarded when they try to settle.
 */
export async function cancelRun(r: EngineResources, runId: string, actor: Actor = { type: 'system' }) {
  await withTransaction(r.db, async (client) => {
    await client.query('SET LOCAL synchronous_commit TO on');
    const run = await lockRun(client, runId);
    if (!run) throw new RunStateError(`Run ${runId} not found`, 'not_found');
    if (TERMINAL_RUN.has(run.status)) throw new RunStateError(`Run is already ${run.status}`, 'conflict');
    await finishRun(r, client, run, 'canceled', null, null, actor);
    await client.query('SELECT pg_notify($1, $2)', [CANCEL_CHANNEL, runId]);
  });
}

/**
 * Resumes a waiting step with a payload (a task decision, new evidence) exactly once:
 * the waiting → pending transition succeeds for one caller only; a second caller (or the
 * SLA timer firing later) finds the step no longer waiting. Runs in the caller's
 * transaction so the decision row and the resume commit together.
 */
export async function resumeStep(
  r: EngineResources,
  client: SqlClient,
  stepId: string,
  kind: 'task' | 'evidence',
  payload: unknown,
): Promise<void> {
  const token = randomUUID();
  await client.query('SET LOCAL synchronous_commit TO on');
  const { rows } = await client.query<{ run_id: string; attempt: number; priority: number }>(
    `UPDATE steps s SET status = 'pending', wait_for = coalesce(s.wait_for, '{}'::jsonb) || jsonb_build_object('resumed', $2::jsonb)
       FROM runs r
      WHERE s.id = $1 AND s.status = 'waiting' AND r.id = s.run_id AND r.status IN ('running', 'waiting')
      RETURNING s.run_id, s.attempt, r.priority`,
    [stepId, json({ token, kind, payload })],
  );
  const row = rows[0];
  if (!row)
    throw new RunStateError('This step is no longer waiting (already resumed, timed out or canceled)', 'conflict');
  await enqueueStep(
    client,
    r.boss,
    { runId: row.run_id, stepId, attempt: row.attempt, resume: { kind, timedOut: false, token } },
    {
      purpose: `resume:${token}`,
      priority: row.priority,
    },
  );
}

/**
 * Re-runs a finished run from one node: a new run on the same version keeps every
 * settled step that is not downstream of that node (outputs included, so nothing
 * upstream runs again) and runs the node and everything after it.
 */
export async function rerunFromStep(
  r: EngineResources,
  runId: string,
  nodeId: string,
  actor: Actor = { type: 'system' },
) {
  const result = await withTransaction(r.db, async (client) => {
    await client.query('SET LOCAL synchronous_commit TO on');
    const run = await lockRun(client, runId);
    if (!run) throw new RunStateError(`Run ${runId} not found`, 'not_found');
    if (!TERMINAL_RUN.has(run.status))
      throw new RunStateError('Only a finished run can be re-run; cancel it first', 'conflict');
    const graph = await loadRunGraph(client, run.workflow_version_id);
    if (!graph.nodes.has(nodeId))
      throw new RunStateError(`Node ${nodeId} is not in this run's workflow version`, 'not_found');
    const downstream = new Set<string>([nodeId]);
    const queue = [nodeId];
    while (queue.length) {
      for (const s of successorsOf(graph, queue.shift()!)) {
        if (downstream.has(s)) continue;
        downstream.add(s);
        queue.push(s);
      }
    }

    const created = await client.query<{ id: string }>(
      `INSERT INTO runs (workspace_id, workflow_id, workflow_version_id, status, trigger_id, trigger_kind, is_test, priority, correlation_key, input, created_by_id, rerun_of_id, rerun_from_node_id)
       SELECT workspace_id, workflow_id, workflow_version_id, 'queued', trigger_id, trigger_kind, is_test, priority, correlation_key, input, $2, id, $3
         FROM runs WHERE id = $1 RETURNING id`,
      [runId, actor.type === 'user' ? (actor.id ?? null) : null, nodeId],
    );
    const newRunId = created.rows[0]!.id;
    // Keep settled upstream steps as they were; everything else starts pending.
    await client.query(
      `INSERT INTO steps (run_id, node_id, node_type, node_type_version, status, attempt, max_attempts, inputs, outputs, fired_ports, started_at, finished_at)
       SELECT $2, s.node_id, s.node_type, s.node_type_version,
              CASE WHEN keep THEN s.status ELSE 'pending' END,
              CASE WHEN keep THEN s.attempt ELSE 0 END, s.max_attempts,
              CASE WHEN keep THEN s.inputs END, CASE WHEN keep THEN s.outputs END,
              CASE WHEN keep THEN s.fired_ports ELSE '{}' END,
              CASE WHEN keep THEN s.started_at END, CASE WHEN keep THEN s.finished_at END
         FROM (SELECT DISTINCT ON (node_id) *, (node_id <> ALL($3::text[]) AND status IN ('succeeded', 'skipped')) AS keep
                 FROM steps WHERE run_id = $1 ORDER BY node_id, round DESC) s`,
      [runId, newRunId, [...downstream]],
    );
    await appendAudit(client, {
      workspaceId: run.workspace_id,
      runId: newRunId,
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: 'run.rerun',
      subjectType: 'run',
      subjectId: newRunId,
      data: { rerunOf: runId, fromNode: nodeId },
    });
    const enqueued = await activateRun(r, client, newRunId);
    return { runId: newRunId, enqueued };
  });
  if (result.enqueued) r.wake();
  return { runId: result.runId };
}
