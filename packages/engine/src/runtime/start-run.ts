import { withTransaction, type SqlClient } from '@conveyor/db';
import { appendAudit, sha256Json } from './audit.ts';
import { loadRunGraph } from './graph-cache.ts';
import { json } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { activateRun, promoteQueuedRuns } from './activate-run.ts';

export interface StartRunInput {
  workspaceId: string;
  workflowId: string;
  workflowVersionId: string;
  input?: unknown;
  triggerKind?: 'webhook' | 'schedule' | 'manual' | 'api';
  triggerId?: string | null;
  isTest?: boolean;
  /** 0 = interactive; higher = backlog (runs later, and its inference too). */
  priority?: number;
  createdById?: string | null;
  correlationKey?: string | null;
}

/**
 * Creates a run with one pending step per node and starts it — or leaves it queued when
 * the workflow is at its concurrency limit — in one transaction (the caller's, if given).
 */
export async function startRun(
  r: EngineResources,
  input: StartRunInput,
  existing?: SqlClient,
): Promise<{ runId: string; status: string }> {
  const result = await withTransaction(
    r.db,
    async (client) => {
      // Accepting a run is an acknowledgement to the caller: it must survive a crash.
      await client.query('SET LOCAL synchronous_commit TO on');
      const graph = await loadRunGraph(client, input.workflowVersionId);
      // Straight to running unless the workflow has a concurrency limit (then the oldest
      // queued runs take the free slots, this one maybe among them).
      const { rows } = await client.query<{ id: string; limited: boolean }>(
        `INSERT INTO runs (workspace_id, workflow_id, workflow_version_id, status, trigger_id, trigger_kind, is_test, priority, correlation_key, input, created_by_id)
         VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10)
         RETURNING id, (SELECT concurrency_limit IS NOT NULL FROM workflows WHERE id = $2) AS limited`,
        [
          input.workspaceId,
          input.workflowId,
          input.workflowVersionId,
          input.triggerId ?? null,
          input.triggerKind ?? 'manual',
          input.isTest ?? false,
          input.priority ?? 0,
          input.correlationKey ?? null,
          json(input.input ?? {}),
          input.createdById ?? null,
        ],
      );
      const { id: runId, limited } = rows[0]!;
      const nodes = [...graph.nodes.values()];
      await client.query(
        `INSERT INTO steps (run_id, node_id, node_type, node_type_version)
         SELECT $1, n.id, n.type, n.version FROM unnest($2::text[], $3::text[], $4::int[]) AS n(id, type, version)`,
        [runId, nodes.map((n) => n.id), nodes.map((n) => n.type), nodes.map((n) => n.typeVersion)],
      );
      await appendAudit(client, {
        workspaceId: input.workspaceId,
        runId,
        actorType: input.createdById ? 'user' : 'system',
        actorId: input.createdById ?? null,
        action: 'run.created',
        subjectType: 'run',
        subjectId: runId,
        data: {
          workflowVersionId: input.workflowVersionId,
          triggerKind: input.triggerKind ?? 'manual',
          inputHash: sha256Json(input.input ?? {}),
        },
      });
      if (!limited) return { runId, status: 'running', enqueued: await activateRun(r, client, runId) };
      const { enqueued } = await promoteQueuedRuns(r, client, input.workflowId);
      const status = await client.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId]);
      return { runId, status: status.rows[0]!.status, enqueued };
    },
    existing,
  );
  if (result.enqueued && !existing) r.wake();
  return { runId: result.runId, status: result.status };
}
