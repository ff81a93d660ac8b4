import type { SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { advanceRun } from './advance.ts';
import { deferredWrites, withDeferredWrites } from './deferred-writes.ts';
import { loadRunGraph } from './graph-cache.ts';
import { enqueueFirstAttempt } from './enqueue.ts';
import { loadStepsOfRuns, lockRuns } from './run-store.ts';
import type { EngineResources } from './resources.ts';

/** Runs one activation transaction takes at most (the activator loops for more). */
export const ACTIVATE_BATCH = 200;

/**
 * queued → running for several runs at once: the entry steps get the run's input and their
 * first attempt. Rows, jobs and audit events are written as a handful of multi-row
 * statements (deferred-writes.ts) — the caller's buffer when it already has one (a settle
 * wave finishing a run promotes the next), else one opened here. Runs not `queued` any
 * more are left alone. Returns the number of jobs enqueued.
 */
export async function activateRuns(r: EngineResources, client: SqlClient, runIds: string[]): Promise<number> {
  if (!runIds.length) return 0;
  const activate = async () => {
    const runs = [...(await lockRuns(client, [...runIds].sort())).values()].filter((run) => run.status === 'queued');
    if (!runs.length) return 0;
    const ids = runs.map((run) => run.id);
    await client.query(
      `UPDATE runs SET status = 'running', started_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const stepsByRun = await loadStepsOfRuns(client, ids);
    let enqueued = 0;
    for (const run of runs) {
      run.status = 'running';
      const graph = await loadRunGraph(client, run.workflow_version_id);
      const steps = stepsByRun.get(run.id) ?? new Map();
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
    }
    return enqueued;
  };
  return deferredWrites(client)
    ? activate()
    : withDeferredWrites(client, r.boss, activate, { announce: !r.hasStepWorkers() });
}

/** queued → running for one run (a re-run, a manual start); see activateRuns. */
export function activateRun(r: EngineResources, client: SqlClient, runId: string): Promise<number> {
  return activateRuns(r, client, [runId]);
}

/**
 * Fills free slots of a workflow with its oldest queued runs, at most `max` of them. Only
 * runs in state `running` take a slot: a run waiting on a person holds no worker. A
 * workflow without a concurrency limit has `max` slots. Returns the jobs enqueued and how
 * many runs were activated.
 */
export async function promoteQueuedRuns(
  r: EngineResources,
  client: SqlClient,
  workflowId: string,
  max = ACTIVATE_BATCH,
): Promise<{ enqueued: number; activated: number }> {
  const { rows } = await client.query<{ concurrency_limit: number | null }>(
    'SELECT concurrency_limit FROM workflows WHERE id = $1',
    [workflowId],
  );
  const limit = rows[0]?.concurrency_limit ?? null;
  let slots = max;
  if (limit !== null) {
    // Serialise slot accounting per limited workflow so two finishing runs can't both
    // hand out the last slot. Unlimited workflows never take this lock.
    await client.query('SELECT 1 FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
    const active = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM runs WHERE workflow_id = $1 AND status = 'running'`,
      [workflowId],
    );
    slots = Math.min(max, limit - active.rows[0]!.n);
  }
  if (slots <= 0) return { enqueued: 0, activated: 0 };
  const queued = await client.query<{ id: string }>(
    `SELECT id FROM runs WHERE workflow_id = $1 AND status = 'queued' ORDER BY priority, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [workflowId, slots],
  );
  const ids = queued.rows.map((row) => row.id);
  return { enqueued: await activateRuns(r, client, ids), activated: ids.length };
}
