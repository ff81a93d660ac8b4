import type { SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { advanceRun } from './advance.ts';
import { loadRunGraph } from './graph-cache.ts';
import { enqueueFirstAttempt } from './enqueue.ts';
import { loadSteps, lockRun } from './run-store.ts';
import type { EngineResources } from './resources.ts';

/**
 * queued → running: the entry steps get the run's input and their first attempt.
 * Returns the number of jobs enqueued.
 */
export async function activateRun(r: EngineResources, client: SqlClient, runId: string): Promise<number> {
  const run = await lockRun(client, runId);
  if (!run || run.status !== 'queued') return 0;
  const graph = await loadRunGraph(client, run.workflow_version_id);
  await client.query(`UPDATE runs SET status = 'running', started_at = now(), updated_at = now() WHERE id = $1`, [
    run.id,
  ]);
  run.status = 'running';
  const steps = await loadSteps(client, run.id);
  let enqueued = 0;
  for (const nodeId of graph.entries) {
    const step = steps.get(nodeId);
    if (!step || step.status !== 'pending' || step.attempt > 0) continue;
    await enqueueFirstAttempt(r, client, run, step, graph.nodes.get(nodeId), { input: run.input });
    enqueued++;
  }
  await appendAudit(client, {
    workspaceId: run.workspace_id,
    runId: run.id,
    actorType: 'system',
    action: 'run.started',
    subjectType: 'run',
    subjectId: run.id,
    data: { entries: graph.entries },
  });
  // A re-run may start with steps already settled (kept outputs): let them hand off.
  const settled = [...steps.values()]
    .filter((s) => s.status === 'succeeded' || s.status === 'skipped')
    .map((s) => s.node_id);
  if (settled.length) enqueued += await advanceRun(r, client, run, steps, graph, settled);
  return enqueued;
}

/**
 * Fills free concurrency slots of a workflow with its oldest queued runs. Only runs in
 * state `running` take a slot: a run waiting on a person holds no worker.
 */
export async function promoteQueuedRuns(r: EngineResources, client: SqlClient, workflowId: string): Promise<number> {
  const { rows } = await client.query<{ concurrency_limit: number | null }>(
    'SELECT concurrency_limit FROM workflows WHERE id = $1',
    [workflowId],
  );
  const limit = rows[0]?.concurrency_limit ?? null;
  let slots = 1000;
  if (limit !== null) {
    // Serialise slot accounting per limited workflow so two finishing runs can't both
    // hand out the last slot. Unlimited workflows never take this lock.
    await client.query('SELECT 1 FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
    const active = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM runs WHERE workflow_id = $1 AND status = 'running'`,
      [workflowId],
    );
    slots = limit - active.rows[0]!.n;
  }
  if (slots <= 0) return 0;
  const queued = await client.query<{ id: string }>(
    `SELECT id FROM runs WHERE workflow_id = $1 AND status = 'queued' ORDER BY priority, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [workflowId, slots],
  );
  let enqueued = 0;
  for (const { id } of queued.rows) enqueued += await activateRun(r, client, id);
  return enqueued;
}
