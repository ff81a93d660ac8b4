import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { withTransaction, type Db, type SqlClient } from '@conveyor/db';
import { appendAudit, INBOX_CHANNEL, RunStateError, type Engine } from '@conveyor/engine/server';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import {
  correctionsSchema,
  diffBoxes,
  textDisagreement,
  type Corrections,
  type ModelDetection,
} from './corrections.ts';
import { evidenceUploadUrl, signEvidenceToken, type EvidenceLinkKey } from './evidence-link.ts';
import { isOverride, modelLeaning, modelOutput, type TaskEvidence } from './model-verdict.ts';
import { loadNodeConfig, type HumanTaskConfig } from './node-config.ts';
import { LIVE_CLAIM } from './task-filters.ts';

export const DECISION_ACTIONS = ['approve', 'reject', 'more_info'] as const;

export const decideInputSchema = z.object({
  action: z.enum(DECISION_ACTIONS),
  reasonCode: z.string().min(1).max(64).optional(),
  comment: z.string().trim().max(5000).optional(),
  corrections: correctionsSchema.optional(),
  /** For more_info with an evidence request: what the claimant is asked for. */
  message: z.string().trim().max(2000).optional(),
});
export type DecideInput = z.infer<typeof decideInputSchema>;

export const decideOutputSchema = z.object({
  decisionId: z.string(),
  taskId: z.string(),
  action: z.enum(DECISION_ACTIONS),
  override: z.boolean(),
  labels: z.number().int(),
  evidenceRequest: z
    .object({ id: z.string(), uploadUrl: z.string(), expiresAt: z.string(), round: z.number() })
    .nullable(),
});
export type DecideOutput = z.infer<typeof decideOutputSchema>;

export interface DecideTaskArgs {
  db: Pick<Db, 'pool'>;
  engine: Pick<Engine, 'resumeStep' | 'awaitEvidence'>;
  workspaceId: string;
  taskId: string;
  /** The deciding user (API tokens decide on behalf of the token's creator). */
  userId: string;
  input: DecideInput;
  actor?: { type: 'user' | 'api_token'; id: string };
  /** Needed for "more info" on nodes that ask the claimant (signed upload links). */
  evidenceLinks?: { baseUrl: string; key: EvidenceLinkKey };
  now?: () => Date;
}

interface TaskRow {
  id: string;
  run_id: string;
  step_id: string;
  node_id: string;
  workflow_id: string;
  status: string;
  live_claim: boolean;
  claimed_by_id: string | null;
  holder: string | null;
  submitted_by_id: string | null;
  run_created_by: string | null;
  correlation_key: string | null;
  round: number;
  evidence: TaskEvidence & { record?: unknown };
}

/**
 * Decides a task: the decision, the labels its corrections become, the task's closing,
 * the audit event and the run's resume (or, for "more info" on a node that asks the
 * claimant, the wait for evidence) commit in ONE transaction. Two reviewers deciding at
 * the same moment queue on the run's and the task's row locks; the second finds the task
 * decided and gets a conflict, and the run resumes exactly once.
 *
 * Shared by the inbox (tRPC) and REST v1 (`POST /api/v1/tasks/:id/decision`).
 */
export async function decideTask(x: DecideTaskArgs): Promise<DecideOutput> {
  const input = decideInputSchema.parse(x.input);
  const now = x.now ?? (() => new Date());
  const actor = x.actor ?? { type: 'user' as const, id: x.userId };
  const result = await withTransaction(x.db, async (client) => {
    const found = await client.query<{ run_id: string }>(
      'SELECT run_id FROM human_tasks WHERE id = $1 AND workspace_id = $2',
      [x.taskId, x.workspaceId],
    );
    if (!found.rows[0]) throw notFound('Task');
    // Run first, then task: the lock order of every inbox and engine transition.
    await client.query('SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [found.rows[0].run_id]);
    const { rows } = await client.query<TaskRow>(
      `SELECT t.id, t.run_id, t.step_id, t.node_id, t.workflow_id, t.status, ${LIVE_CLAIM} AS live_claim,
              t.claimed_by_id, coalesce(u.name, u.email) AS holder, t.submitted_by_id, r.created_by_id AS run_created_by,
              r.correlation_key, t.round, t.evidence
         FROM human_tasks t JOIN runs r ON r.id = t.run_id LEFT JOIN users u ON u.id = t.claimed_by_id
        WHERE t.id = $1 FOR UPDATE OF t`,
      [x.taskId],
    );
    const task = rows[0]!;
    if (task.status !== 'open' && task.status !== 'claimed') throw await closedError(client, task);
    if (task.live_claim && task.claimed_by_id !== x.userId)
      throw conflict('claimed_by_other', `${task.holder ?? 'Another reviewer'} is working on this task`);

    const config = await loadNodeConfig(client, task.run_id, task.node_id);
    checkReason(config, input);
    if (
      input.action === 'approve' &&
      config.noSelfApproval &&
      (task.submitted_by_id === x.userId || task.run_created_by === x.userId)
    ) {
      throw forbidden('You submitted this case, so someone else must approve it (no self-approval)', 'self_approval');
    }

    const labels = await buildLabels(client, x.workspaceId, task.evidence, input.corrections);
    const leaning = modelLeaning(task.evidence);
    const override = isOverride(
      input.action,
      leaning,
      labels.some((l) => l.disagreement > 0),
    );
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO decisions (task_id, action, reason_code, comment, corrections, model_output, override, decided_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (task_id) DO NOTHING RETURNING id`,
      [
        task.id,
        input.action,
        input.reasonCode ?? null,
        input.comment || null,
        input.corrections ? JSON.stringify(input.corrections) : null,
        JSON.stringify(modelOutput(task.evidence)),
        override,
        x.userId,
      ],
    );
    const decisionId = inserted.rows[0]?.id;
    if (!decisionId) throw await closedError(client, task);
    for (const l of labels) {
      await client.query(
        `INSERT INTO labels (workspace_id, decision_id, media_id, kind, data, model_version_id, disagreement)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [x.workspaceId, decisionId, l.mediaId, l.kind, JSON.stringify(l.data), l.modelVersionId, l.disagreement],
      );
    }
    await client.query(
      `UPDATE human_tasks SET status = 'done', completed_at = now(), updated_at = now(), claimed_by_id = $2,
              lease_expires_at = NULL WHERE id = $1`,
      [task.id, x.userId],
    );

    let evidenceRequest: DecideOutput['evidenceRequest'] = null;
    try {
      if (input.action === 'more_info' && config.evidenceRequest) {
        evidenceRequest = await requestEvidence(x, client, task, config, input, now(), actor);
      } else {
        await x.engine.resumeStep(client, task.step_id, 'task', {
          action: input.action,
          reasonCode: input.reasonCode ?? null,
          comment: input.comment || null,
          corrections: input.corrections ?? null,
          decidedBy: x.userId,
          decidedAt: now().toISOString(),
        });
      }
    } catch (error) {
      if (error instanceof RunStateError) throw conflict('run_not_waiting', error.message);
      throw error;
    }
    await appendAudit(client, {
      workspaceId: x.workspaceId,
      runId: task.run_id,
      stepId: task.step_id,
      actorType: actor.type,
      actorId: actor.id,
      action: 'task.decided',
      subjectType: 'human_task',
      subjectId: task.id,
      data: {
        decisionId,
        action: input.action,
        reasonCode: input.reasonCode ?? null,
        override,
        labels: labels.length,
        evidenceRequestId: evidenceRequest?.id ?? null,
      },
    });
    await client.query('SELECT pg_notify($1, $2)', [INBOX_CHANNEL, x.workspaceId]);
    return { decisionId, taskId: task.id, action: input.action, override, labels: labels.length, evidenceRequest };
  });
  return decideOutputSchema.parse(result);
}

function checkReason(config: HumanTaskConfig, input: DecideInput) {
  const action = config.actions[input.action === 'more_info' ? 'more-info' : input.action];
  if (!input.reasonCode && action.requireReason)
    throw new AppError(
      'BAD_REQUEST',
      'reason_required',
      `Pick a reason to ${input.action.replace('_', ' ')} (one of: ${action.reasonCodes.join(', ')})`,
    );
  if (input.reasonCode && !action.reasonCodes.includes(input.reasonCode))
    throw new AppError(
      'BAD_REQUEST',
      'unknown_reason_code',
      `'${input.reasonCode}' is not a reason offered for ${input.action.replace('_', ' ')} (one of: ${action.reasonCodes.join(', ')})`,
    );
}

async function closedError(client: SqlClient, task: { id: string; status: string }): Promise<AppError> {
  const { rows } = await client.query<{ who: string | null; action: string }>(
    `SELECT coalesce(u.name, u.email) AS who, d.action FROM decisions d JOIN users u ON u.id = d.decided_by_id WHERE d.task_id = $1`,
    [task.id],
  );
  const d = rows[0];
  if (d)
    return conflict(
      'already_decided',
      `${d.who ?? 'Another reviewer'} already decided this task (${d.action.replace('_', ' ')})`,
    );
  return conflict('task_closed', `This task is ${task.status}`);
}

interface LabelDraft {
  kind: 'box' | 'ocr';
  mediaId: string | null;
  data: Record<string, unknown>;
  modelVersionId: string | null;
  disagreement: number;
}

/** Corrections → labels with their lineage (media sha256, model version). */
async function buildLabels(
  client: SqlClient,
  workspaceId: string,
  evidence: TaskRow['evidence'],
  corrections: Corrections | undefined,
): Promise<LabelDraft[]> {
  if (!corrections) return [];
  const media = (evidence.media ?? []) as { mediaId: string; sha256: string }[];
  const labels: LabelDraft[] = [];
  const mediaRow = async (sha256: string | undefined) => {
    if (!sha256) return null;
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM media_objects WHERE workspace_id = $1 AND sha256 = $2',
      [workspaceId, sha256],
    );
    return rows[0]?.id ?? null;
  };
  const versionId = async (model: { name: string; version: string } | undefined) => {
    if (!model) return null;
    const { rows } = await client.query<{ id: string }>(
      `SELECT mv.id FROM model_versions mv JOIN models m ON m.id = mv.model_id
        WHERE m.name = $1 AND mv.version = $2 AND (m.workspace_id IS NULL OR m.workspace_id = $3) LIMIT 1`,
      [model.name, model.version, workspaceId],
    );
    return rows[0]?.id ?? null;
  };
  const detections = (evidence.detections?.items ?? []) as ModelDetection[];
  for (const image of corrections.boxes ?? []) {
    const ref = media.find((m) => m.mediaId === image.mediaId);
    if (!ref)
      throw new AppError('BAD_REQUEST', 'unknown_media', `Image ${image.mediaId} is not part of this task's evidence`);
    const diff = diffBoxes(detections, image.mediaId, image.items);
    labels.push({
      kind: 'box',
      mediaId: await mediaRow(ref.sha256),
      data: {
        mediaSha256: ref.sha256,
        boxes: image.items.map((i) => ({
          label: i.label,
          box: i.box,
          origin: i.modelIndex === undefined ? 'human' : 'model',
        })),
        changes: diff.changes,
        model: evidence.detections?.model ?? null,
      },
      modelVersionId: await versionId(evidence.detections?.model),
      disagreement: diff.disagreement,
    });
  }
  if (corrections.ocr) {
    const before = evidence.text?.text ?? '';
    const crop = (evidence.text as { crop?: { mediaId: string; sha256: string } } | undefined)?.crop;
    const source = crop ?? media[0];
    labels.push({
      kind: 'ocr',
      mediaId: await mediaRow(source?.sha256),
      data: {
        mediaSha256: source?.sha256 ?? null,
        crop: crop !== undefined,
        before,
        after: corrections.ocr.text,
        model: evidence.text?.model ?? null,
      },
      modelVersionId: await versionId(evidence.text?.model),
      disagreement: textDisagreement(before, corrections.ocr.text),
    });
  }
  return labels;
}

async function requestEvidence(
  x: DecideTaskArgs,
  client: SqlClient,
  task: TaskRow,
  config: HumanTaskConfig,
  input: DecideInput,
  now: Date,
  actor: { type: 'user' | 'api_token'; id: string },
): Promise<NonNullable<DecideOutput['evidenceRequest']>> {
  const ask = config.evidenceRequest!;
  if (!x.evidenceLinks)
    throw new AppError(
      'PRECONDITION_FAILED',
      'evidence_links_unavailable',
      'Upload links need CONVEYOR_SECRET_KEY and a public URL (NEXTAUTH_URL) on the web server',
    );
  const requestId = randomUUID();
  const round = task.round + 1;
  const expiresAt = new Date(now.getTime() + ask.slaMinutes * 60_000);
  const token = signEvidenceToken(x.evidenceLinks.key, requestId, expiresAt);
  const uploadUrl = evidenceUploadUrl(x.evidenceLinks.baseUrl, token);
  const message = input.message || input.comment || '';
  await client.query(
    `INSERT INTO evidence_requests (id, run_id, task_id, round, token_hash, message, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [requestId, task.run_id, task.id, round, createHash('sha256').update(token).digest('hex'), message, expiresAt],
  );
  await x.engine.awaitEvidence(client, {
    stepId: task.step_id,
    requestId,
    expiresAt,
    actor,
    delivery: {
      url: ask.url,
      secret: ask.secret,
      reminderEveryMs: ask.reminderMinutes * 60_000,
      payload: {
        type: 'evidence.requested',
        requestId,
        runId: task.run_id,
        taskId: task.id,
        correlationKey: task.correlation_key,
        round,
        reasonCode: input.reasonCode ?? null,
        message,
        uploadUrl,
        expiresAt: expiresAt.toISOString(),
        record: task.evidence.record ?? null,
      },
    },
  });
  return { id: requestId, uploadUrl, expiresAt: expiresAt.toISOString(), round };
}
