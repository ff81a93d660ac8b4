import type { Db } from '@conveyor/db';
import { z } from 'zod';
import { decodeRunCursor, encodeRunCursor } from './run-cursor.ts';
import { runStatusSchema, triggerKindSchema, type RunListItem, type RunStatus, type TriggerKind } from './run-views.ts';

export const runFiltersSchema = z.object({
  workflowId: z.uuid().optional(),
  versionId: z.uuid().optional(),
  statuses: z.array(runStatusSchema).max(6).optional(),
  triggerKinds: z.array(triggerKindSchema).max(4).optional(),
  /** `real`: published runs only; `test`: draft test runs only. */
  kind: z.enum(['all', 'real', 'test']).default('all'),
  /** Created at or after (inclusive). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Created before (exclusive). */
  to: z.iso.datetime({ offset: true }).optional(),
  /** A run id, or the start of a correlation key (e.g. the claim number). */
  search: z.string().trim().max(200).optional(),
});
export type RunFilters = z.input<typeof runFiltersSchema>;

export interface ListRunsInput {
  db: Db;
  workspaceId: string;
  filters?: RunFilters;
  cursor?: string | null;
  limit?: number;
}

export interface RunPage {
  items: RunListItem[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RunRow {
  id: string;
  status: RunStatus;
  workflow_id: string;
  workflow_name: string;
  workflow_version_id: string;
  version: number;
  published: boolean;
  trigger_kind: TriggerKind;
  is_test: boolean;
  correlation_key: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error_message: string | null;
  rerun_of_id: string | null;
  total: number;
  done: number;
  running: number;
  waiting: number;
  failed: number;
  open_tasks: number;
  now: Date;
}

/**
 * The SELECT list every run summary uses: the run, its workflow and version, step counts
 * over the latest round of each node, open review tasks. `r` is the runs alias.
 */
export const RUN_SUMMARY_SQL = `
  r.id, r.status, r.workflow_id, w.name AS workflow_name, r.workflow_version_id, v.version, v.published,
  r.trigger_kind, r.is_test, r.correlation_key, r.created_at, r.started_at, r.finished_at,
  COALESCE(r.error->>'message', r.error->'error'->>'message') AS error_message, r.rerun_of_id,
  coalesce(s.total, 0) AS total, coalesce(s.done, 0) AS done, coalesce(s.running, 0) AS running,
  coalesce(s.waiting, 0) AS waiting, coalesce(s.failed, 0) AS failed,
  (SELECT count(*)::int FROM human_tasks t WHERE t.run_id = r.id AND t.status IN ('open', 'claimed')) AS open_tasks,
  now() AS now`;

export const RUN_SUMMARY_JOINS = `
  JOIN workflows w ON w.id = r.workflow_id
  JOIN workflow_versions v ON v.id = r.workflow_version_id
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE l.status IN ('succeeded', 'skipped', 'failed', 'canceled'))::int AS done,
           count(*) FILTER (WHERE l.status = 'running')::int AS running,
           count(*) FILTER (WHERE l.status = 'waiting')::int AS waiting,
           count(*) FILTER (WHERE l.status = 'failed')::int AS failed
      FROM (SELECT DISTINCT ON (node_id) status FROM steps WHERE run_id = r.id ORDER BY node_id, round DESC) l
  ) s ON true`;

export function toRunListItem(row: RunRow): RunListItem {
  const end = row.finished_at ?? row.now;
  return {
    id: row.id,
    status: row.status,
    workflow: { id: row.workflow_id, name: row.workflow_name },
    version: { id: row.workflow_version_id, number: row.version, published: row.published },
    triggerKind: row.trigger_kind,
    isTest: row.is_test,
    correlationKey: row.correlation_key,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.started_at ? Math.max(0, end.getTime() - row.started_at.getTime()) : null,
    steps: { total: row.total, done: row.done, running: row.running, waiting: row.waiting, failed: row.failed },
    errorMessage: row.error_message,
    rerunOfId: row.rerun_of_id,
    openTasks: row.open_tasks,
  };
}

export type { RunRow as RunSummaryRow };

/**
 * One page of the workspace's runs, newest first, with keyset pagination: a page is as
 * cheap deep in the history as on top, and runs arriving meanwhile never shift a page.
 */
export async function listRuns({ db, workspaceId, filters = {}, cursor, limit = 25 }: ListRunsInput): Promise<RunPage> {
  const f = runFiltersSchema.parse(filters);
  const params: unknown[] = [workspaceId];
  const where = ['r.workspace_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.workflowId) add((p) => `r.workflow_id = ${p}`, f.workflowId);
  if (f.versionId) add((p) => `r.workflow_version_id = ${p}`, f.versionId);
  if (f.statuses?.length) add((p) => `r.status::text = ANY(${p}::text[])`, f.statuses);
  if (f.triggerKinds?.length) add((p) => `r.trigger_kind::text = ANY(${p}::text[])`, f.triggerKinds);
  if (f.kind !== 'all') add((p) => `r.is_test = ${p}`, f.kind === 'test');
  if (f.from) add((p) => `r.created_at >= ${p}`, new Date(f.from));
  if (f.to) add((p) => `r.created_at < ${p}`, new Date(f.to));
  if (f.search) {
    if (UUID.test(f.search)) add((p) => `r.id = ${p}::uuid`, f.search);
    else add((p) => `r.correlation_key ILIKE ${p}`, `${f.search.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (cursor) {
    const c = decodeRunCursor(cursor);
    params.push(new Date(c.createdAt), c.id);
    where.push(`(r.created_at, r.id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  const size = Math.min(Math.max(Math.trunc(limit), 1), 100);
  params.push(size + 1);
  const { rows } = await db.pool.query<RunRow>(
    `SELECT ${RUN_SUMMARY_SQL}
       FROM runs r ${RUN_SUMMARY_JOINS}
      WHERE ${where.join(' AND ')}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map(toRunListItem),
    nextCursor:
      rows.length > size && last ? encodeRunCursor({ createdAt: last.created_at.toISOString(), id: last.id }) : null,
  };
}
