import { z } from 'zod';

export const INBOX_VIEWS = ['mine', 'groups', 'all', 'overdue'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_SORTS = ['priority', 'due'] as const;

export const taskFiltersSchema = z
  .object({
    workflowId: z.uuid().optional(),
    nodeId: z.string().min(1).max(100).optional(),
    label: z.string().min(1).max(100).optional(),
    scoreMin: z.number().min(0).max(1).optional(),
    scoreMax: z.number().min(0).max(1).optional(),
    /** Age in hours since the task opened. */
    minAgeHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .optional(),
    maxAgeHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .optional(),
  })
  .refine((f) => f.scoreMin === undefined || f.scoreMax === undefined || f.scoreMin <= f.scoreMax, {
    message: 'scoreMin must not exceed scoreMax',
    path: ['scoreMin'],
  });
export type TaskFilters = z.infer<typeof taskFiltersSchema>;

/** A claim whose lease ran out is open again: anyone may claim it. */
export const LIVE_CLAIM = `(t.status = 'claimed' AND t.lease_expires_at > now())`;

/** SQL for the active tasks of a workspace with the filters; `$1` workspace, `$2` user. */
export function filterSql(filters: TaskFilters, params: unknown[]): string {
  // `$2` (the user) is typed here: not every view mentions it.
  const where = [`t.workspace_id = $1`, `$2::uuid IS NOT NULL`, `t.status IN ('open', 'claimed')`];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filters.workflowId) add((p) => `t.workflow_id = ${p}`, filters.workflowId);
  if (filters.nodeId) add((p) => `t.node_id = ${p}`, filters.nodeId);
  if (filters.label) add((p) => `${p} = ANY(t.labels)`, filters.label);
  if (filters.scoreMin !== undefined) add((p) => `t.score >= ${p}`, filters.scoreMin);
  if (filters.scoreMax !== undefined) add((p) => `t.score <= ${p}`, filters.scoreMax);
  if (filters.minAgeHours !== undefined)
    add((p) => `t.created_at <= now() - make_interval(secs => ${p}::float8 * 3600)`, filters.minAgeHours);
  if (filters.maxAgeHours !== undefined)
    add((p) => `t.created_at >= now() - make_interval(secs => ${p}::float8 * 3600)`, filters.maxAgeHours);
  return where.join(' AND ');
}

export const VIEW_SQL: Record<InboxView, string> = {
  mine: `(t.assignee_id = $2 OR (t.claimed_by_id = $2 AND ${LIVE_CLAIM}))`,
  groups: `t.group_id IN (SELECT group_id FROM review_group_members WHERE user_id = $2)`,
  all: 'true',
  overdue: `(t.due_at < now() OR t.escalation_level > 0)`,
};

export const SORT_SQL = {
  priority: 't.priority DESC, t.due_at ASC NULLS LAST, t.created_at ASC, t.id',
  due: 't.due_at ASC NULLS LAST, t.priority DESC, t.created_at ASC, t.id',
} as const;
