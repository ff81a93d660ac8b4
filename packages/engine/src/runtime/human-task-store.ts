import type { SqlClient } from '@conveyor/db';
import { appendAudit } from './audit.ts';
import { json, type RunRow, type StepRow } from './run-store.ts';

interface TaskSpec {
  title?: unknown;
  group?: unknown;
  priority?: unknown;
  evidence?: unknown;
  reasonCodes?: unknown;
  labels?: unknown;
  score?: unknown;
  submittedById?: unknown;
}

/**
 * Opens the human task a waiting human-task step asked for, in the suspension's
 * transaction: the task exists exactly when the step is waiting on it.
 */
export async function createHumanTask(
  client: SqlClient,
  x: { run: RunRow; step: StepRow; task: Record<string, unknown>; dueAt: Date | null },
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
  const labels = Array.isArray(spec.labels) ? spec.labels.filter((l): l is string => typeof l === 'string') : [];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO human_tasks (workspace_id, workflow_id, run_id, step_id, node_id, title, priority, group_id, due_at, evidence, reason_codes, labels, score, round, submitted_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
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
    data: { nodeId: x.step.node_id, groupId, dueAt: x.dueAt?.toISOString() ?? null },
  });
  return taskId;
}
