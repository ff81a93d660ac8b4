import { createHash, randomUUID } from 'node:crypto';
import type { SqlClient } from '@conveyor/db';
import { canonicalJson, sha256Json } from './audit.ts';
import { loadRunGraph } from './graph-cache.ts';
import { json } from './run-store.ts';

/** NOTIFY payload: a workflow id whose queued runs the activator should look at. */
export const RUNS_QUEUED_CHANNEL = 'conveyor_runs_queued';

export interface QueuedRunInput {
  workspaceId: string;
  workflowId: string;
  workflowVersionId: string;
  input: unknown;
  triggerKind: 'webhook' | 'schedule' | 'manual' | 'api';
  triggerId?: string | null;
  priority?: number;
}

/**
 * Accepts runs without starting them: each run `queued` with one pending step per node and
 * its `run.created` audit event (the first link of its chain, hashed here), all of them in
 * ONE statement in the caller's transaction, which also NOTIFYs the activator once per
 * workflow (run-activator.ts). Activation — entry jobs, `run.started` — happens in the
 * runner, in batches, so an intake burst costs the intake one round trip per batch and
 * the runner a few multi-row statements per couple of hundred runs. A lost NOTIFY (no
 * runner listening) is covered by the activator's sweep of queued runs.
 * Returns the run ids in input order.
 */
export async function acceptQueuedRuns(client: SqlClient, runs: QueuedRunInput[]): Promise<string[]> {
  if (!runs.length) return [];
  const ids = runs.map(() => randomUUID());
  const step = { run: [] as string[], node: [] as string[], type: [] as string[], version: [] as number[] };
  for (const [i, run] of runs.entries()) {
    const graph = await loadRunGraph(client, run.workflowVersionId);
    for (const node of graph.nodes.values()) {
      step.run.push(ids[i]!);
      step.node.push(node.id);
      step.type.push(node.type);
      step.version.push(node.typeVersion);
    }
  }
  const audit = runs.map((run, i) => {
    const data = {
      workflowVersionId: run.workflowVersionId,
      triggerKind: run.triggerKind,
      inputHash: sha256Json(run.input ?? {}),
    };
    // The same canonical form and formula as appendAudit, with no previous link.
    const canonical = canonicalJson({
      workspaceId: run.workspaceId,
      runId: ids[i],
      stepId: null,
      actorType: 'system',
      actorId: null,
      action: 'run.created',
      subjectType: 'run',
      subjectId: ids[i],
      data,
    });
    return { data: JSON.stringify(data), hash: createHash('sha256').update(canonical, 'utf8').digest('hex') };
  });
  await client.query(
    `WITH r AS (
       INSERT INTO runs (id, workspace_id, workflow_id, workflow_version_id, status, trigger_id, trigger_kind, priority, input)
       SELECT u.id, u.workspace_id, u.workflow_id, u.version_id, 'queued', u.trigger_id, u.trigger_kind::"TriggerKind", u.priority, u.input
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::jsonb[])
              AS u(id, workspace_id, workflow_id, version_id, trigger_id, trigger_kind, priority, input)
       RETURNING id, workspace_id
     ), s AS (
       INSERT INTO steps (run_id, node_id, node_type, node_type_version)
       SELECT * FROM unnest($9::uuid[], $10::text[], $11::text[], $12::int[])
     ), a AS (
       INSERT INTO audit_events (workspace_id, run_id, actor_type, action, subject_type, subject_id, data, prev_hash, hash)
       SELECT r.workspace_id, r.id, 'system', 'run.created', 'run', r.id::text, u.data, NULL, u.hash
         FROM unnest($1::uuid[], $13::jsonb[], $14::text[]) AS u(id, data, hash) JOIN r ON r.id = u.id
     )
     SELECT pg_notify('${RUNS_QUEUED_CHANNEL}', w::text) FROM (SELECT DISTINCT unnest($3::uuid[]) AS w) ws`,
    [
      ids,
      runs.map((r) => r.workspaceId),
      runs.map((r) => r.workflowId),
      runs.map((r) => r.workflowVersionId),
      runs.map((r) => r.triggerId ?? null),
      runs.map((r) => r.triggerKind),
      runs.map((r) => r.priority ?? 0),
      runs.map((r) => json(r.input ?? {})),
      step.run,
      step.node,
      step.type,
      step.version,
      audit.map((a) => a.data),
      audit.map((a) => a.hash),
    ],
  );
  return ids;
}
