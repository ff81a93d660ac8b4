import { z } from 'zod';
import type { Db } from '@conveyor/db';
import {
  filterSql,
  INBOX_SORTS,
  INBOX_VIEWS,
  LIVE_CLAIM,
  SORT_SQL,
  taskFiltersSchema,
  VIEW_SQL,
} from './task-filters.ts';

export const listTasksInputSchema = z.object({
  view: z.enum(INBOX_VIEWS).default('all'),
  filters: taskFiltersSchema.default({}),
  sort: z.enum(INBOX_SORTS).default('priority'),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type ListTasksInput = z.input<typeof listTasksInputSchema>;

const person = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable();

export const taskListItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'claimed']),
  priority: z.number().int(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  labels: z.array(z.string()),
  score: z.number().nullable(),
  round: z.number().int(),
  nodeId: z.string(),
  runId: z.string(),
  correlationKey: z.string().nullable(),
  workflow: z.object({ id: z.string(), name: z.string() }),
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  assignee: person,
  claimedBy: person,
  leaseExpiresAt: z.string().nullable(),
  media: z.array(z.object({ mediaId: z.string(), contentType: z.string() })),
});
export type TaskListItem = z.infer<typeof taskListItemSchema>;

export const listTasksOutputSchema = z.object({
  items: z.array(taskListItemSchema),
  total: z.number().int(),
  nextOffset: z.number().int().nullable(),
});

interface Row {
  id: string;
  title: string;
  live_status: 'open' | 'claimed';
  priority: number;
  due_at: Date | null;
  created_at: Date;
  overdue: boolean;
  escalation_level: number;
  labels: string[];
  score: number | null;
  round: number;
  node_id: string;
  run_id: string;
  correlation_key: string | null;
  workflow_id: string;
  workflow_name: string;
  group_id: string | null;
  group_name: string | null;
  assignee: { id: string; name: string | null; email: string } | null;
  claimed_by: { id: string; name: string | null; email: string } | null;
  lease_expires_at: Date | null;
  media: { mediaId: string; contentType: string }[] | null;
  total: number;
}

/** The active tasks of one inbox view, filtered and sorted; `total` counts the whole view. */
export async function listTasks(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  userId: string;
  input: ListTasksInput;
}): Promise<z.infer<typeof listTasksOutputSchema>> {
  const input = listTasksInputSchema.parse(x.input);
  const params: unknown[] = [x.workspaceId, x.userId];
  const where = `${filterSql(input.filters, params)} AND ${VIEW_SQL[input.view]}`;
  params.push(input.limit, input.offset);
  const { rows } = await x.db.pool.query<Row>(
    `SELECT t.id, t.title, CASE WHEN ${LIVE_CLAIM} THEN 'claimed' ELSE 'open' END AS live_status,
            t.priority, t.due_at, t.created_at, (t.due_at < now()) AS overdue, t.escalation_level, t.labels, t.score,
            t.round, t.node_id, t.run_id, r.correlation_key, w.id AS workflow_id, w.name AS workflow_name,
            g.id AS group_id, g.name AS group_name,
            CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.name, 'email', a.email) END AS assignee,
            CASE WHEN c.id IS NULL OR NOT ${LIVE_CLAIM} THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email) END AS claimed_by,
            CASE WHEN ${LIVE_CLAIM} THEN t.lease_expires_at END AS lease_expires_at,
            (SELECT json_agg(json_build_object('mediaId', m ->> 'mediaId', 'contentType', m ->> 'contentType'))
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.evidence -> 'media') = 'array' THEN t.evidence -> 'media' ELSE '[]'::jsonb END) m) AS media,
            count(*) OVER ()::int AS total
       FROM human_tasks t
       JOIN runs r ON r.id = t.run_id
       JOIN workflows w ON w.id = t.workflow_id
       LEFT JOIN review_groups g ON g.id = t.group_id
       LEFT JOIN users a ON a.id = t.assignee_id
       LEFT JOIN users c ON c.id = t.claimed_by_id
      WHERE ${where}
      ORDER BY ${SORT_SQL[input.sort]}
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const total = rows[0]?.total ?? 0;
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.live_status,
      priority: r.priority,
      dueAt: r.due_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      overdue: r.overdue === true,
      escalationLevel: r.escalation_level,
      labels: r.labels,
      score: r.score,
      round: r.round,
      nodeId: r.node_id,
      runId: r.run_id,
      correlationKey: r.correlation_key,
      workflow: { id: r.workflow_id, name: r.workflow_name },
      group: r.group_id ? { id: r.group_id, name: r.group_name ?? '' } : null,
      assignee: r.assignee,
      claimedBy: r.claimed_by,
      leaseExpiresAt: r.lease_expires_at?.toISOString() ?? null,
      media: r.media ?? [],
    })),
    total,
    nextOffset: input.offset + rows.length < total ? input.offset + rows.length : null,
  };
}

export const taskCountsSchema = z.object({
  mine: z.number().int(),
  groups: z.number().int(),
  all: z.number().int(),
  overdue: z.number().int(),
});

/** Live counts of every view (with the same filters), in one query. */
export async function countTasks(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  userId: string;
  filters?: z.input<typeof taskFiltersSchema>;
}): Promise<z.infer<typeof taskCountsSchema>> {
  const params: unknown[] = [x.workspaceId, x.userId];
  const where = filterSql(taskFiltersSchema.parse(x.filters ?? {}), params);
  const { rows } = await x.db.pool.query<z.infer<typeof taskCountsSchema>>(
    `SELECT count(*) FILTER (WHERE ${VIEW_SQL.mine})::int AS mine,
            count(*) FILTER (WHERE ${VIEW_SQL.groups})::int AS groups,
            count(*)::int AS all,
            count(*) FILTER (WHERE ${VIEW_SQL.overdue})::int AS overdue
       FROM human_tasks t WHERE ${where}`,
    params,
  );
  return rows[0]!;
}

/**
 * The task to work after `afterTaskId` in this view and order, skipping tasks someone
 * else holds, plus the one after it so the page can preload its media.
 */
export async function nextTasks(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  userId: string;
  input: ListTasksInput;
  afterTaskId?: string;
}): Promise<{ next: TaskListItem | null; following: TaskListItem | null }> {
  const page = await listTasks({ ...x, input: { ...x.input, limit: 200, offset: 0 } });
  const free = page.items.filter((t) => t.id === x.afterTaskId || !t.claimedBy || t.claimedBy.id === x.userId);
  const at = x.afterTaskId ? free.findIndex((t) => t.id === x.afterTaskId) : -1;
  const rest = at >= 0 ? [...free.slice(at + 1), ...free.slice(0, at)] : free.filter((t) => t.id !== x.afterTaskId);
  return { next: rest[0] ?? null, following: rest[1] ?? null };
}
