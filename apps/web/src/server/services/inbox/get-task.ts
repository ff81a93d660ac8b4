import { z } from 'zod';
import type { Db } from '@conveyor/db';
import { notFound } from '@/server/errors';
import { LIVE_CLAIM } from './task-filters.ts';
import { loadNodeConfig } from './node-config.ts';

const person = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() });

const earlierDecision = z.object({
  taskId: z.string(),
  runId: z.string(),
  round: z.number().int(),
  sameRun: z.boolean(),
  action: z.enum(['approve', 'reject', 'more_info']),
  reasonCode: z.string().nullable(),
  comment: z.string().nullable(),
  override: z.boolean(),
  decidedAt: z.string(),
  decidedBy: person,
});

export const taskDetailSchema = z.object({
  id: z.string(),
  title: z.string(),
  instructions: z.string(),
  status: z.enum(['open', 'claimed', 'done', 'expired', 'canceled']),
  priority: z.number().int(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  escalationLevel: z.number().int(),
  round: z.number().int(),
  nodeId: z.string(),
  labels: z.array(z.string()),
  score: z.number().nullable(),
  run: z.object({
    id: z.string(),
    status: z.string(),
    correlationKey: z.string().nullable(),
    createdAt: z.string(),
    createdById: z.string().nullable(),
  }),
  workflow: z.object({ id: z.string(), name: z.string() }),
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  assignee: person.nullable(),
  claimedBy: person.nullable(),
  leaseExpiresAt: z.string().nullable(),
  /** Media refs, detections, classification, OCR text + crop, routing decision, record. */
  evidence: z.record(z.string(), z.unknown()),
  /** Media behind the evidence, with what the store knows (dimensions, type). */
  media: z.array(
    z.object({
      mediaId: z.string(),
      sha256: z.string(),
      contentType: z.string(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      durationMs: z.number().nullable(),
      originalName: z.string().nullable(),
      source: z.unknown(),
      /** The evidence round that brought it (0 = the original submission). */
      round: z.number().int(),
    }),
  ),
  actions: z.object({
    approve: z.object({ reasonCodes: z.array(z.string()), requireReason: z.boolean() }),
    reject: z.object({ reasonCodes: z.array(z.string()), requireReason: z.boolean() }),
    more_info: z.object({ reasonCodes: z.array(z.string()), requireReason: z.boolean() }),
  }),
  noSelfApproval: z.boolean(),
  /** "More info" asks the claimant for evidence and waits (else it fires the port). */
  evidenceRequestEnabled: z.boolean(),
  decision: z
    .object({
      action: z.enum(['approve', 'reject', 'more_info']),
      reasonCode: z.string().nullable(),
      comment: z.string().nullable(),
      corrections: z.unknown(),
      override: z.boolean(),
      decidedAt: z.string(),
      decidedBy: person,
    })
    .nullable(),
  earlierDecisions: z.array(earlierDecision),
  evidenceRounds: z.array(
    z.object({
      round: z.number().int(),
      requestedAt: z.string(),
      expiresAt: z.string(),
      fulfilledAt: z.string().nullable(),
      remindersSent: z.number().int(),
      message: z.string(),
    }),
  ),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export async function getTask(x: { db: Pick<Db, 'pool'>; workspaceId: string; taskId: string }): Promise<TaskDetail> {
  const { rows } = await x.db.pool.query(
    `SELECT t.*, (CASE WHEN t.status = 'claimed' AND NOT ${LIVE_CLAIM} THEN 'open' ELSE t.status::text END) AS live_status,
            r.status AS run_status, r.correlation_key, r.created_at AS run_created_at, r.created_by_id AS run_created_by,
            w.name AS workflow_name, g.name AS group_name,
            CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.name, 'email', a.email) END AS assignee,
            CASE WHEN c.id IS NULL OR NOT ${LIVE_CLAIM} THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email) END AS claimed_by,
            CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object(
              'action', d.action, 'reasonCode', d.reason_code, 'comment', d.comment, 'corrections', d.corrections,
              'override', d.override, 'decidedAt', d.decided_at,
              'decidedBy', json_build_object('id', du.id, 'name', du.name, 'email', du.email)) END AS decision
       FROM human_tasks t
       JOIN runs r ON r.id = t.run_id
       JOIN workflows w ON w.id = t.workflow_id
       LEFT JOIN review_groups g ON g.id = t.group_id
       LEFT JOIN users a ON a.id = t.assignee_id
       LEFT JOIN users c ON c.id = t.claimed_by_id
       LEFT JOIN decisions d ON d.task_id = t.id
       LEFT JOIN users du ON du.id = d.decided_by_id
      WHERE t.id = $1 AND t.workspace_id = $2`,
    [x.taskId, x.workspaceId],
  );
  const t = rows[0];
  if (!t) throw notFound('Task');
  const config = await loadNodeConfig(x.db.pool, t.run_id, t.node_id);
  const evidence = (t.evidence ?? {}) as Record<string, unknown>;
  const refs = (Array.isArray(evidence.media) ? evidence.media : []) as { mediaId: string; sha256: string }[];
  const crop = (evidence.text as { crop?: { mediaId: string } } | undefined)?.crop;
  const ids = [...refs.map((m) => m.mediaId), ...(crop ? [crop.mediaId] : [])];

  const [media, earlier, rounds, instructions] = await Promise.all([
    x.db.pool.query(
      `SELECT id, sha256, content_type, width, height, duration_ms, original_name, source,
              coalesce((SELECT (a.data ->> 'round')::int FROM audit_events a
                         WHERE a.run_id = $3 AND a.action = 'evidence.received' AND a.data -> 'media' ? m.id::text
                         ORDER BY a.id LIMIT 1), 0) AS round
         FROM media_objects m WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [x.workspaceId, ids.filter((id) => /^[0-9a-f-]{36}$/.test(id)), t.run_id],
    ),
    x.db.pool.query(
      `SELECT ot.id AS task_id, ot.run_id, ot.round, (ot.run_id = $3) AS same_run, d.action, d.reason_code, d.comment,
              d.override, d.decided_at, json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS decided_by
         FROM human_tasks ot
         JOIN runs orun ON orun.id = ot.run_id
         JOIN decisions d ON d.task_id = ot.id
         JOIN users u ON u.id = d.decided_by_id
        WHERE ot.workspace_id = $1 AND ot.id <> $2
          AND (ot.run_id = $3 OR ($4::text IS NOT NULL AND orun.correlation_key = $4))
        ORDER BY d.decided_at DESC LIMIT 20`,
      [x.workspaceId, x.taskId, t.run_id, t.correlation_key],
    ),
    x.db.pool.query(
      `SELECT round, created_at, expires_at, fulfilled_at, reminders_sent, message
         FROM evidence_requests WHERE run_id = $1 ORDER BY round`,
      [t.run_id],
    ),
    Promise.resolve(config.instructions),
  ]);
  const byId = new Map(media.rows.map((m) => [m.id as string, m]));
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const action = (k: 'approve' | 'reject' | 'more-info') => ({
    reasonCodes: config.actions[k].reasonCodes,
    requireReason: config.actions[k].requireReason,
  });
  return taskDetailSchema.parse({
    id: t.id,
    title: t.title,
    instructions,
    status: t.live_status,
    priority: t.priority,
    dueAt: iso(t.due_at),
    createdAt: iso(t.created_at),
    escalationLevel: t.escalation_level,
    round: t.round,
    nodeId: t.node_id,
    labels: t.labels,
    score: t.score,
    run: {
      id: t.run_id,
      status: t.run_status,
      correlationKey: t.correlation_key,
      createdAt: iso(t.run_created_at),
      createdById: t.run_created_by,
    },
    workflow: { id: t.workflow_id, name: t.workflow_name },
    group: t.group_id ? { id: t.group_id, name: t.group_name } : null,
    assignee: t.assignee,
    claimedBy: t.claimed_by,
    leaseExpiresAt: t.claimed_by ? iso(t.lease_expires_at) : null,
    evidence,
    media: ids
      .map((id) => byId.get(id))
      .filter((m) => m !== undefined)
      .map((m) => ({
        mediaId: m.id,
        sha256: m.sha256,
        contentType: m.content_type,
        width: m.width,
        height: m.height,
        durationMs: m.duration_ms,
        originalName: m.original_name,
        source: m.source,
        round: m.round,
      })),
    actions: { approve: action('approve'), reject: action('reject'), more_info: action('more-info') },
    noSelfApproval: config.noSelfApproval,
    evidenceRequestEnabled: config.evidenceRequest !== undefined,
    decision: t.decision ? { ...t.decision, decidedAt: iso(t.decision.decidedAt) } : null,
    earlierDecisions: earlier.rows.map((d) => ({
      taskId: d.task_id,
      runId: d.run_id,
      round: d.round,
      sameRun: d.same_run,
      action: d.action,
      reasonCode: d.reason_code,
      comment: d.comment,
      override: d.override,
      decidedAt: iso(d.decided_at),
      decidedBy: d.decided_by,
    })),
    evidenceRounds: rounds.rows.map((e) => ({
      round: e.round,
      requestedAt: iso(e.created_at),
      expiresAt: iso(e.expires_at),
      fulfilledAt: iso(e.fulfilled_at),
      remindersSent: e.reminders_sent,
      message: e.message,
    })),
  });
}
