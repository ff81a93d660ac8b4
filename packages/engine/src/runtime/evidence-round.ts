import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@conveyor/db';
import { advanceRun } from './advance.ts';
import { appendAudit } from './audit.ts';
import { enqueueStep } from './enqueue.ts';
import { loadRunGraph } from './graph-cache.ts';
import { enqueueInboxTimer, type EvidenceDeliveryJob } from './inbox-timers.ts';
import { RunStateError } from './control.ts';
import { json, loadSteps, lockRun, type StepRow } from './run-store.ts';
import type { RunGraph } from './run-graph.ts';
import type { EngineResources } from './resources.ts';

export interface AwaitEvidenceInput {
  /** The waiting human-task step whose reviewer asked for more. */
  stepId: string;
  requestId: string;
  /** When the request lapses: the step resumes with `evidence` + timedOut (Timeout port). */
  expiresAt: Date;
  /** The signed message to the claimant system; reminders repeat it. */
  delivery?: {
    url: string;
    secret: string;
    payload: Record<string, unknown>;
    reminderEveryMs: number;
  };
  actor?: { type: 'user' | 'api_token' | 'system'; id?: string | null };
}

/**
 * A reviewer asked the claimant for more: the human-task step keeps waiting, now for
 * evidence. In the caller's transaction: the step's wait (a new token, so the review's SLA
 * timer becomes a no-op), the expiry timer, the request delivery and its reminders (each a
 * delayed job that does nothing once the evidence is in). Exactly one caller wins: the
 * step must still be waiting on its task.
 */
export async function awaitEvidence(r: EngineResources, client: SqlClient, x: AwaitEvidenceInput): Promise<void> {
  const token = randomUUID();
  await client.query('SET LOCAL synchronous_commit TO on');
  const { rows } = await client.query<{ run_id: string; attempt: number; priority: number; workspace_id: string }>(
    `UPDATE steps s
        SET wait_for = jsonb_build_object('kind', 'evidence', 'token', $2::text, 'requestId', $3::text,
                                          'task', s.wait_for -> 'task', 'resumeAt', $4::text),
            resume_at = $4::timestamptz
       FROM runs r
      WHERE s.id = $1 AND s.status = 'waiting' AND s.wait_for ->> 'kind' = 'task'
        AND r.id = s.run_id AND r.status IN ('running', 'waiting')
      RETURNING s.run_id, s.attempt, r.priority, r.workspace_id`,
    [x.stepId, token, x.requestId, x.expiresAt.toISOString()],
  );
  const row = rows[0];
  if (!row) throw new RunStateError('This review is no longer waiting for a decision', 'conflict');
  await enqueueStep(
    client,
    r.boss,
    { runId: row.run_id, stepId: x.stepId, attempt: row.attempt, resume: { kind: 'evidence', timedOut: true, token } },
    { startAfter: x.expiresAt, purpose: `timer:${token}`, priority: row.priority },
    r.wakeAt,
  );
  if (x.delivery) {
    const base: Omit<EvidenceDeliveryJob, 'reminder'> = {
      kind: 'evidence-delivery',
      requestId: x.requestId,
      workspaceId: row.workspace_id,
      runId: row.run_id,
      url: x.delivery.url,
      secret: x.delivery.secret,
      payload: x.delivery.payload,
      attempt: 1,
    };
    await enqueueInboxTimer(client, r.boss, { ...base, reminder: 0 });
    const start = r.now().getTime();
    const every = Math.max(1000, x.delivery.reminderEveryMs);
    // Reminders while the link is valid; a bounded number, however short the interval.
    for (let n = 1; n <= 20 && start + n * every < x.expiresAt.getTime(); n++) {
      await enqueueInboxTimer(client, r.boss, { ...base, reminder: n }, new Date(start + n * every));
    }
  }
  await appendAudit(client, {
    workspaceId: row.workspace_id,
    runId: row.run_id,
    stepId: x.stepId,
    actorType: x.actor?.type ?? 'system',
    actorId: x.actor?.id ?? null,
    action: 'evidence.requested',
    subjectType: 'evidence_request',
    subjectId: x.requestId,
    data: { expiresAt: x.expiresAt.toISOString(), url: x.delivery?.url ?? null },
  });
}

export interface SubmitEvidenceInput {
  stepId: string;
  requestId: string;
  /** References of the stored media (the caller streamed them into the media store). */
  media: Record<string, unknown>[];
  note?: string;
}

/**
 * New evidence arrived for a step waiting on it: a new round of the same run. Every node
 * upstream of the human task runs again (new step rows, round + 1), the entry nodes'
 * media outputs gain the new media, and the review reopens on what the models now say.
 * The waiting step closes as history. Returns the new round.
 */
export async function submitEvidence(
  r: EngineResources,
  client: SqlClient,
  x: SubmitEvidenceInput,
): Promise<{ round: number; runId: string }> {
  await client.query('SET LOCAL synchronous_commit TO on');
  const found = await client.query<{ run_id: string }>('SELECT run_id FROM steps WHERE id = $1', [x.stepId]);
  if (!found.rows[0]) throw new RunStateError('Step not found', 'not_found');
  const run = await lockRun(client, found.rows[0].run_id);
  if (!run || (run.status !== 'running' && run.status !== 'waiting'))
    throw new RunStateError('The run is no longer waiting for evidence', 'conflict');
  const { rows } = await client.query<StepRow>(
    `SELECT id, run_id, node_id, node_type, node_type_version, round, status, attempt, max_attempts,
            inputs, outputs, fired_ports, error, wait_for
       FROM steps WHERE id = $1 FOR UPDATE`,
    [x.stepId],
  );
  const step = rows[0]!;
  const wait = (step.wait_for ?? {}) as { kind?: string; requestId?: string };
  if (step.status !== 'waiting' || wait.kind !== 'evidence' || wait.requestId !== x.requestId)
    throw new RunStateError('This step is not waiting for this evidence request', 'conflict');

  const graph = await loadRunGraph(client, run.workflow_version_id);
  const upstream = ancestorsOf(graph, step.node_id);
  const round = step.round + 1;
  const current = await loadSteps(client, run.id);

  // The waiting round closes as history: no port fires from it, the new round decides.
  await client.query(
    `UPDATE steps SET status = 'succeeded', outputs = $2, fired_ports = '{}', resume_at = NULL, finished_at = now(),
            wait_for = wait_for || jsonb_build_object('fulfilledAt', now())
      WHERE id = $1`,
    [step.id, json({ evidence: { requestId: x.requestId, media: x.media, round } })],
  );
  const entries: string[] = [];
  for (const nodeId of [...upstream, step.node_id]) {
    const prev = current.get(nodeId);
    if (!prev) continue;
    const isEntry = (graph.inbound.get(nodeId) ?? []).length === 0;
    if (isEntry) {
      // Entry nodes do not run again: their media outputs gain the new media.
      const outputs = appendMedia(prev.outputs ?? {}, x.media);
      await client.query(
        `INSERT INTO steps (run_id, node_id, node_type, node_type_version, round, status, attempt, max_attempts, inputs, outputs, fired_ports, started_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, 'succeeded', $6, $7, $8, $9, $10, now(), now())`,
        [
          run.id,
          nodeId,
          prev.node_type,
          prev.node_type_version,
          round,
          Math.max(1, prev.attempt),
          prev.max_attempts,
          json(prev.inputs),
          json(outputs),
          prev.fired_ports,
        ],
      );
      entries.push(nodeId);
    } else {
      await client.query(
        `INSERT INTO steps (run_id, node_id, node_type, node_type_version, round, status)
         VALUES ($1, $2, $3, $4, $5, 'pending')`,
        [run.id, nodeId, prev.node_type, prev.node_type_version, round],
      );
    }
  }
  await appendAudit(client, {
    workspaceId: run.workspace_id,
    runId: run.id,
    stepId: step.id,
    actorType: 'system',
    action: 'evidence.received',
    subjectType: 'evidence_request',
    subjectId: x.requestId,
    data: {
      round,
      media: x.media.map((m) => m.mediaId),
      rerun: [...upstream].filter((n) => !entries.includes(n)).concat(step.node_id),
      ...(x.note ? { note: x.note } : {}),
    },
  });
  if (run.status === 'waiting') {
    await client.query(`UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1`, [run.id]);
    run.status = 'running';
  }
  const steps = await loadSteps(client, run.id);
  await advanceRun(r, client, run, steps, graph, entries);
  return { round, runId: run.id };
}

function ancestorsOf(graph: RunGraph, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [nodeId];
  while (queue.length) {
    for (const e of graph.inbound.get(queue.shift()!) ?? []) {
      if (seen.has(e.from.node)) continue;
      seen.add(e.from.node);
      queue.push(e.from.node);
    }
  }
  return seen;
}

const isMediaRef = (v: unknown) =>
  typeof v === 'object' && v !== null && typeof (v as { mediaId?: unknown }).mediaId === 'string';

/** Media-list outputs (every element a media reference) get the new media appended. */
export function appendMedia(outputs: Record<string, unknown>, media: Record<string, unknown>[]) {
  const next: Record<string, unknown> = { ...outputs };
  let appended = false;
  for (const [port, value] of Object.entries(outputs)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isMediaRef)) {
      const have = new Set(value.map((m) => (m as { sha256?: string }).sha256));
      next[port] = [...value, ...media.filter((m) => !have.has(m.sha256 as string))];
      appended = true;
    }
  }
  if (!appended) next.media = media;
  return next;
}
