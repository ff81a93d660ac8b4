import type { SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { json, type RunRow, type StepRow } from './run-store.ts';
import { enqueueInboxTimer, pickRoundRobin } from './inbox-timers.ts';
import type { EngineResources } from './resources.ts';

/** NOTIFY channel (payload: workspace id) that open inboxes listen on for live updates. */
export const INBOX_CHANNEL = 'conveyor_inbox';

interface TaskSpec {
  title?: unknown;
  group?: unknown;
  priority?: unknown;
  evidence?: unknown;
  reasonCodes?: unknown;
  labels?: unknown;
  score?: unknown;
  submittedById?: unknown;
  escalation?: { afterMinutes?: unknown };
}

/**
 * Opens the human task a waiting human-task step asked for, in the suspension's
 * transaction: the task exists exactly when the step is waiting on it.
 */
export async function createHumanTask(
  client: SqlClient,
  x: { run: RunRow; step: StepRow; task: Record<string, unknown>; dueAt: Date | null },
  r?: Pick<EngineResources, 'boss' | 'now' | 'wakeAt'>,
): Promise<string> {
  const spec = x.task as TaskSpec;
  let groupId: string | null = null;
  if (typeof spec.group === 'string' && spec.group) {
    const g = await client.query<{ id: string }>('SELECT id FROM review_groups WHERE workspace_id = $1 AND name = $2', [
      x.run.workspace_id,
      spec.group,
    ]);
    groupId = g.rows[0]?.id ?? null;
  }
  const assigneeId = groupId ? ((await pickRoundRobin(client, groupId)) ?? null) : null;
  const labels = Array.isArray(spec.labels) ? spec.labels.filter((l): l is string => typeof l === 'string') : [];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO human_tasks (workspace_id, workflow_id, run_id, step_id, node_id, title, priority, group_id, due_at, evidence, reason_codes, labels, score, round, submitted_by_id, assignee_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (step_id, round) DO UPDATE SET status = 'open', updated_at = now()
     RETURNING id`,
    [
      x.run.workspace_id,
      x.run.workflow_id,
      x.run.id,
      x.step.id,
      x.step.node_id,
      typeof spec.title === 'string' && spec.title ? spec.title : `Review ${x.step.node_id}`,
      typeof spec.priority === 'number' ? Math.round(spec.priority) : 0,
      groupId,
      x.dueAt,
      json(spec.evidence ?? {}),
      json(spec.reasonCodes ?? {}),
      labels,
      typeof spec.score === 'number' ? spec.score : null,
      x.step.round,
      typeof spec.submittedById === 'string' ? spec.submittedById : null,
      assigneeId,
    ],
  );
  const taskId = rows[0]!.id;
  await appendAudit(client, {
    workspaceId: x.run.workspace_id,
    runId: x.run.id,
    stepId: x.step.id,
    actorType: 'system',
    action: 'task.created',
    subjectType: 'human_task',
    subjectId: taskId,
    data: { nodeId: x.step.node_id, groupId, assigneeId, dueAt: x.dueAt?.toISOString() ?? null },
  });
  const after = spec.escalation?.afterMinutes;
  if (r && typeof after === 'number' && after > 0) {
    await enqueueInboxTimer(client, r.boss, { kind: 'escalate', taskId }, new Date(r.now().getTime() + after * 60_000));
  }
  // Delivered on commit: open inboxes of this workspace refresh at once.
  await client.query('SELECT pg_notify($1, $2)', [INBOX_CHANNEL, x.run.workspace_id]);
  return taskId;
}
