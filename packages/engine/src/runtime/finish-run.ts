import type { SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { deferredWrites } from './deferred-writes.ts';
import { json, type RunRow } from './run-store.ts';
import type { EngineResources } from './resources.ts';
import { enqueueCallback, RUN_FINISHED_CHANNEL } from './run-callbacks.ts';

/**
 * Ends a run: its row, what is left of its steps and tasks, the audit event, and the
 * promotion of runs of the same workflow that waited for a concurrency slot.
 */
export async function finishRun(
  r: EngineResources,
  client: SqlClient,
  run: RunRow,
  status: 'succeeded' | 'failed' | 'canceled',
  output: Record<string, unknown> | null,
  error: unknown,
  actor: { type: 'system' | 'user' | 'api_token'; id?: string | null } = { type: 'system' },
) {
  // In a batch (a settle wave): a plain finish joins the others in one statement at the
  // end (deferred-writes.ts). One with a callback to enqueue or a slot to hand out goes on.
  const deferred = deferredWrites(client);
  if (deferred && !run.callback_url && !run.limited) {
    deferred.finished.push({ id: run.id, status, output: json(output), error: json(error) });
    await appendFinishAudit(client, run, status, error, actor);
    run.status = status;
    return;
  }
  // Run row, leftover steps and open tasks in one round trip; the NOTIFY (delivered on
  // commit) wakes whoever waits on this run, and the trigger's callback URL comes back.
  const { rows } = await client.query<{ callback_url: string | null; may_promote: boolean }>(
    `WITH run AS (
       UPDATE runs SET status = $2, output = $3, error = $4, finished_at = now(), updated_at = now() WHERE id = $1
     ), steps_left AS (
       UPDATE steps SET status = 'canceled', finished_at = now() WHERE run_id = $1 AND status IN ('pending', 'waiting', 'running')
     ), tasks_left AS (
       UPDATE human_tasks SET status = 'canceled', updated_at = now() WHERE run_id = $1 AND status IN ('open', 'claimed')
     ), notified AS (
       SELECT pg_notify('${RUN_FINISHED_CHANNEL}', $1::text || ':' || $2::text)
     )
     SELECT (SELECT count(*) FROM notified) AS notified,
            (SELECT t.callback_url FROM runs r JOIN triggers t ON t.id = r.trigger_id WHERE r.id = $1) AS callback_url,
            -- A finished run frees a slot only in a limited workflow (promoteQueuedRuns counts
            -- under the workflow's lock, where a run queued concurrently is seen). Queued runs
            -- of unlimited workflows (accepted webhooks, leftovers of a removed limit) are the
            -- activator's (run-activator.ts), not this transaction's.
            (SELECT w.concurrency_limit IS NOT NULL FROM workflows w WHERE w.id = $5) AS may_promote`,
    [run.id, status, json(output), json(error), run.workflow_id],
  );
  // Durable: the first callback attempt commits with the terminal state or not at all.
  if (rows[0]?.callback_url) await enqueueCallback(client, r.boss, { runId: run.id, attempt: 1 });
  await appendFinishAudit(client, run, status, error, actor);
  const previous = run.status;
  run.status = status;
  if ((previous === 'running' || previous === 'waiting') && rows[0]?.may_promote !== false)
    await r.promoteQueuedRuns(client, run.workflow_id);
}

function appendFinishAudit(
  client: SqlClient,
  run: RunRow,
  status: string,
  error: unknown,
  actor: { type: 'system' | 'user' | 'api_token'; id?: string | null },
) {
  return appendAudit(client, {
    workspaceId: run.workspace_id,
    runId: run.id,
    actorType: actor.type,
    actorId: actor.id ?? null,
    action: `run.${status}`,
    subjectType: 'run',
    subjectId: run.id,
    data: error ? { error } : {},
  });
}
