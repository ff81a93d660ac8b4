import type { SqlClient } from '@conveyor/db';
import { deferredWrites } from './deferred-writes.ts';

/** Row shapes the runtime reads; snake_case columns mapped once here. */
export interface RunRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  workflow_version_id: string;
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'canceled';
  input: unknown;
  is_test: boolean;
  priority: number;
  /** The workflow has a concurrency limit (finishing frees a slot to hand out). */
  limited: boolean;
  /** The trigger's callback URL, when the run came from a trigger that has one. */
  callback_url: string | null;
}

// The run row as the runtime keeps it in memory while it holds the lock.
const RUN_COLUMNS = `id, workspace_id, workflow_id, workflow_version_id, status, input, is_test, priority,
       (SELECT w.concurrency_limit IS NOT NULL FROM workflows w WHERE w.id = runs.workflow_id) AS limited,
       (SELECT t.callback_url FROM triggers t WHERE t.id = runs.trigger_id) AS callback_url`;

/**
 * Inside a buffered transaction (deferred-writes.ts) the runs' audit chain heads are read
 * with their steps, by a statement that starts after the run locks are held (a head read
 * by the locking statement itself would come from its snapshot, taken before it waited for
 * the lock, and miss the events of the transaction it waited for). From then on every event
 * of those runs goes through the buffer, so the head stays right until the flush; a run
 * read again keeps its first head (its events since are buffered).
 */
const HEAD = `(SELECT a.hash FROM audit_events a WHERE a.run_id = h.run_id ORDER BY a.id DESC LIMIT 1)`;

function rememberHeads(client: SqlClient, rows: { run_id: string; audit_head?: string | null }[]) {
  const heads = deferredWrites(client)?.heads;
  if (!heads) return;
  for (const row of rows) if (!heads.has(row.run_id)) heads.set(row.run_id, row.audit_head ?? null);
  for (const row of rows) delete row.audit_head;
}

export interface StepRow {
  id: string;
  run_id: string;
  node_id: string;
  node_type: string;
  node_type_version: number;
  round: number;
  status: 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'canceled';
  attempt: number;
  max_attempts: number;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  fired_ports: string[];
  error: unknown;
  wait_for: unknown;
}

export const TERMINAL_STEP = new Set(['succeeded', 'failed', 'skipped', 'canceled']);
export const TERMINAL_RUN = new Set(['succeeded', 'failed', 'canceled']);

/** Locks the run row for the rest of the transaction: transitions of one run are serial. */
export async function lockRun(client: SqlClient, runId: string): Promise<RunRow | undefined> {
  const { rows } = await client.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 FOR UPDATE OF runs`, [
    runId,
  ]);
  return rows[0];
}

/** Locks several runs in id order (the order every batch uses, so batches never deadlock). */
export async function lockRuns(client: SqlClient, runIds: string[]): Promise<Map<string, RunRow>> {
  const { rows } = await client.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE OF runs`,
    [runIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The current steps of several runs (read after their locks are held). */
export async function loadStepsOfRuns(client: SqlClient, runIds: string[]): Promise<Map<string, Map<string, StepRow>>> {
  const rows = await selectSteps(client, runIds);
  const byRun = new Map<string, Map<string, StepRow>>();
  for (const row of rows) {
    let steps = byRun.get(row.run_id);
    if (!steps) byRun.set(row.run_id, (steps = new Map()));
    steps.set(row.node_id, row);
  }
  return byRun;
}

export async function loadSteps(client: SqlClient, runId: string): Promise<Map<string, StepRow>> {
  const rows = await selectSteps(client, [runId]);
  return new Map(rows.map((r) => [r.node_id, r]));
}

/** The latest round of each node is its current state (earlier rounds are history). */
async function selectSteps(client: SqlClient, runIds: string[]): Promise<StepRow[]> {
  const withHeads = deferredWrites(client) !== undefined;
  const { rows } = await client.query<StepRow & { audit_head?: string | null }>(
    `SELECT DISTINCT ON (s.run_id, s.node_id) s.id, s.run_id, s.node_id, s.node_type, s.node_type_version, s.round,
            s.status, s.attempt, s.max_attempts, s.inputs, s.outputs, s.fired_ports, s.error, s.wait_for
            ${withHeads ? ', h.audit_head' : ''}
       FROM steps s
       ${withHeads ? `JOIN (SELECT h.run_id, ${HEAD} AS audit_head FROM unnest($1::uuid[]) AS h(run_id)) h ON h.run_id = s.run_id` : ''}
      WHERE s.run_id = ANY($1::uuid[]) ORDER BY s.run_id, s.node_id, s.round DESC`,
    [runIds],
  );
  rememberHeads(client, rows);
  return rows;
}

export const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
