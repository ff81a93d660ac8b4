import type { SqlClient } from '@conveyor/db';

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
  const { rows } = await client.query<StepRow>(
    `SELECT DISTINCT ON (run_id, node_id) id, run_id, node_id, node_type, node_type_version, round, status, attempt,
            max_attempts, inputs, outputs, fired_ports, error, wait_for
       FROM steps WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, node_id, round DESC`,
    [runIds],
  );
  const byRun = new Map<string, Map<string, StepRow>>();
  for (const row of rows) {
    let steps = byRun.get(row.run_id);
    if (!steps) byRun.set(row.run_id, (steps = new Map()));
    steps.set(row.node_id, row);
  }
  return byRun;
}

export async function loadSteps(client: SqlClient, runId: string): Promise<Map<string, StepRow>> {
  // The latest round of each node is its current state (earlier rounds are history).
  const { rows } = await client.query<StepRow>(
    `SELECT DISTINCT ON (node_id) id, run_id, node_id, node_type, node_type_version, round, status, attempt,
            max_attempts, inputs, outputs, fired_ports, error, wait_for
       FROM steps WHERE run_id = $1 ORDER BY node_id, round DESC`,
    [runId],
  );
  return new Map(rows.map((r) => [r.node_id, r]));
}

export const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
