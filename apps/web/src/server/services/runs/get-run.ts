import type { Db } from '@conveyor/db';
import { listRunDeliveries } from '../callbacks/list-run-deliveries.ts';
import { runNotFound } from './errors.ts';
import { RUN_SUMMARY_JOINS, RUN_SUMMARY_SQL, toRunListItem, type RunSummaryRow } from './list-runs.ts';
import { outputFacts } from './output-facts.ts';
import { runCursor } from './poll-runs.ts';
import {
  toRunError,
  type AuditEventView,
  type HumanTaskView,
  type RunDetail,
  type RunStatus,
  type StepStatus,
  type StepView,
  type WebhookDeliveryView,
} from './run-views.ts';
import { verifyAuditChain, type AuditRow } from './verify-audit-chain.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GraphJson {
  nodes?: { id: string; type: string; typeVersion: number; label?: string; config?: unknown }[];
  edges?: { from: { node: string; port: string }; to: { node: string; port: string } }[];
}

/**
 * Everything the run detail page shows, in one read: the run, every step (all rounds)
 * with its attempts, timings, errors, models and confidence, the audit trail with its
 * hash chain checked, webhook deliveries and review tasks. Scoped by workspace: another
 * workspace's run id is NOT_FOUND.
 */
export async function getRun({
  db,
  workspaceId,
  runId,
}: {
  db: Db;
  workspaceId: string;
  runId: string;
}): Promise<RunDetail> {
  if (!UUID.test(runId)) throw runNotFound(runId);
  const head = await db.pool.query<
    RunSummaryRow & {
      priority: number;
      input: unknown;
      output: unknown;
      /** As the engine stored it; normalised by toRunError. */
      error: unknown;
      rerun_from_node_id: string | null;
      created_by_id: string | null;
      created_by_name: string | null;
      graph: GraphJson;
    }
  >(
    `SELECT ${RUN_SUMMARY_SQL}, r.priority, r.input, r.output, r.error, r.rerun_from_node_id, r.created_by_id,
            coalesce(u.name, u.email) AS created_by_name, v.graph
       FROM runs r ${RUN_SUMMARY_JOINS}
       LEFT JOIN users u ON u.id = r.created_by_id
      WHERE r.id = $1 AND r.workspace_id = $2`,
    [runId, workspaceId],
  );
  const row = head.rows[0];
  if (!row) throw runNotFound(runId);

  const [steps, attempts, audit, deliveries, tasks, reruns, cursor] = await Promise.all([
    db.pool.query<{
      id: string;
      node_id: string;
      node_type: string;
      node_type_version: number;
      round: number;
      status: StepStatus;
      attempt: number;
      max_attempts: number;
      inputs: unknown;
      outputs: unknown;
      fired_ports: string[];
      /** As the engine stored it; normalised by toRunError. */
      error: unknown;
      wait_for: unknown;
      resume_at: Date | null;
      dead_lettered_at: Date | null;
      created_at: Date;
      started_at: Date | null;
      finished_at: Date | null;
    }>(`SELECT * FROM steps WHERE run_id = $1`, [runId]),
    db.pool.query<{
      step_id: string;
      attempt: number;
      status: StepStatus;
      worker_id: string | null;
      /** As the engine stored it; normalised by toRunError. */
      error: unknown;
      meta: { models?: string[]; maxScore?: number } | null;
      started_at: Date;
      finished_at: Date | null;
    }>(
      `SELECT a.* FROM step_attempts a JOIN steps s ON s.id = a.step_id WHERE s.run_id = $1 ORDER BY a.step_id, a.attempt`,
      [runId],
    ),
    db.pool.query<AuditRow & { created_at: Date; actor_name: string | null }>(
      `SELECT a.id::text AS id, a.workspace_id, a.run_id, a.step_id, a.actor_type, a.actor_id, a.action, a.subject_type,
              a.subject_id, a.data, a.prev_hash, a.hash, a.created_at, coalesce(u.name, u.email) AS actor_name
         FROM audit_events a
         LEFT JOIN users u ON a.actor_type = 'user' AND u.id::text = a.actor_id
        WHERE a.workspace_id = $2 AND a.run_id = $1
        ORDER BY a.id`,
      [runId, workspaceId],
    ),
    listRunDeliveries({ db }, { workspaceId, runId }),
    db.pool.query<{
      id: string;
      title: string;
      status: string;
      node_id: string;
      step_id: string;
      round: number;
      priority: number;
      assignee_name: string | null;
      due_at: Date | null;
      created_at: Date;
      completed_at: Date | null;
      action: string | null;
      reason_code: string | null;
      comment: string | null;
      override: boolean | null;
      decided_by: string | null;
      decided_at: Date | null;
    }>(
      `SELECT t.id, t.title, t.status, t.node_id, t.step_id, t.round, t.priority, coalesce(au.name, au.email) AS assignee_name,
              t.due_at, t.created_at, t.completed_at, d.action, d.reason_code, d.comment, d.override,
              coalesce(du.name, du.email) AS decided_by, d.decided_at
         FROM human_tasks t
         LEFT JOIN users au ON au.id = t.assignee_id
         LEFT JOIN decisions d ON d.task_id = t.id
         LEFT JOIN users du ON du.id = d.decided_by_id
        WHERE t.run_id = $1 AND t.workspace_id = $2
        ORDER BY t.created_at`,
      [runId, workspaceId],
    ),
    db.pool.query<{ id: string; status: RunStatus; created_at: Date; rerun_from_node_id: string | null }>(
      `SELECT id, status, created_at, rerun_from_node_id FROM runs WHERE rerun_of_id = $1 AND workspace_id = $2 ORDER BY created_at`,
      [runId, workspaceId],
    ),
    runCursor(db, runId),
  ]);

  const graphNodes = row.graph?.nodes ?? [];
  const nodeIndex = new Map(graphNodes.map((n, i) => [n.id, i]));
  const nodeById = new Map(graphNodes.map((n) => [n.id, n]));
  const attemptsByStep = new Map<string, (typeof attempts.rows)[number][]>();
  for (const a of attempts.rows) attemptsByStep.set(a.step_id, [...(attemptsByStep.get(a.step_id) ?? []), a]);
  const ms = (from: Date | null, to: Date | null) =>
    from && to
      ? Math.max(0, to.getTime() - from.getTime())
      : from
        ? Math.max(0, row.now.getTime() - from.getTime())
        : null;

  const stepViews: StepView[] = steps.rows
    .map((s): StepView => {
      const node = nodeById.get(s.node_id);
      const facts = outputFacts(s.outputs);
      const stepAttempts = attemptsByStep.get(s.id) ?? [];
      // Fast steps are never marked running: their first attempt says when they started.
      const startedAt =
        s.started_at ??
        stepAttempts.reduce<Date | null>((min, a) => (min === null || a.started_at < min ? a.started_at : min), null);
      const open = s.status === 'running' || s.status === 'waiting';
      return {
        id: s.id,
        nodeId: s.node_id,
        nodeType: s.node_type,
        nodeTypeVersion: s.node_type_version,
        title: node?.label || s.node_id,
        round: s.round,
        status: s.status,
        attempt: s.attempt,
        maxAttempts: s.max_attempts,
        inputs: s.inputs,
        outputs: s.outputs,
        firedPorts: s.fired_ports,
        error: toRunError(s.error),
        waitFor: s.wait_for,
        resumeAt: s.resume_at?.toISOString() ?? null,
        deadLetteredAt: s.dead_lettered_at?.toISOString() ?? null,
        createdAt: s.created_at.toISOString(),
        startedAt: startedAt?.toISOString() ?? null,
        finishedAt: s.finished_at?.toISOString() ?? null,
        durationMs:
          s.status === 'pending' || !startedAt
            ? null
            : s.finished_at || open
              ? ms(startedAt, s.finished_at)
              : ms(startedAt, row.finished_at ?? null),
        attempts: stepAttempts.map((a) => ({
          attempt: a.attempt,
          status: a.status,
          workerId: a.worker_id,
          error: toRunError(a.error),
          startedAt: a.started_at.toISOString(),
          finishedAt: a.finished_at?.toISOString() ?? null,
          durationMs: ms(a.started_at, a.finished_at),
          models: a.meta?.models ?? [],
          maxScore: typeof a.meta?.maxScore === 'number' ? a.meta.maxScore : null,
        })),
        models: facts.models,
        confidence: facts.confidence,
        config: node?.config ?? null,
      };
    })
    // Timeline order: by start, unstarted steps last in graph order; rounds after each other.
    .sort(
      (a, b) =>
        (a.startedAt ? Date.parse(a.startedAt) : Infinity) - (b.startedAt ? Date.parse(b.startedAt) : Infinity) ||
        (nodeIndex.get(a.nodeId) ?? 0) - (nodeIndex.get(b.nodeId) ?? 0) ||
        a.round - b.round,
    );

  const events: AuditEventView[] = audit.rows.map((a) => ({
    id: a.id,
    createdAt: a.created_at.toISOString(),
    actorType: a.actor_type,
    actorId: a.actor_id,
    actorName: a.actor_name,
    action: a.action,
    subjectType: a.subject_type,
    subjectId: a.subject_id,
    stepId: a.step_id,
    data: a.data,
    hash: a.hash,
  }));

  const deliveryViews: WebhookDeliveryView[] = deliveries.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }));

  const taskViews: HumanTaskView[] = tasks.rows.map((t) => ({
    id: t.id,
    title: t.title,
    status: t.status,
    nodeId: t.node_id,
    stepId: t.step_id,
    round: t.round,
    priority: t.priority,
    assigneeName: t.assignee_name,
    dueAt: t.due_at?.toISOString() ?? null,
    createdAt: t.created_at.toISOString(),
    completedAt: t.completed_at?.toISOString() ?? null,
    decision:
      t.action && t.decided_at
        ? {
            action: t.action,
            reasonCode: t.reason_code,
            comment: t.comment,
            override: t.override ?? false,
            decidedBy: t.decided_by ?? 'unknown user',
            decidedAt: t.decided_at.toISOString(),
          }
        : null,
  }));

  return {
    run: {
      ...toRunListItem(row),
      priority: row.priority,
      input: row.input,
      output: row.output,
      error: toRunError(row.error),
      rerunFromNodeId: row.rerun_from_node_id,
      reruns: reruns.rows.map((r) => ({
        id: r.id,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        fromNodeId: r.rerun_from_node_id,
      })),
      createdBy: row.created_by_id ? { id: row.created_by_id, name: row.created_by_name ?? 'unknown user' } : null,
    },
    graph: {
      nodes: graphNodes.map((n) => ({ id: n.id, type: n.type, typeVersion: n.typeVersion, title: n.label || n.id })),
      edges: (row.graph?.edges ?? []).map((e) => ({ from: e.from, to: e.to })),
    },
    steps: stepViews,
    audit: { events, chain: verifyAuditChain(audit.rows) },
    deliveries: deliveryViews,
    tasks: taskViews,
    cursor,
    readAt: row.now.toISOString(),
  };
}
