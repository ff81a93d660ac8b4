import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@conveyor/db';
import {
  isRetryable,
  serializeError,
  type ExecuteResult,
  type SerializedError,
  type Suspension,
} from '@conveyor/nodes/server';
import { appendAudit, sha256Json, type AuditInput } from './audit.ts';
import { advanceRun } from './advance.ts';
import { enqueueStep } from './enqueue.ts';
import { finishRun } from './finish-run.ts';
import { json, type RunRow, type StepRow } from './run-store.ts';
import type { RunGraph } from './run-graph.ts';
import type { EngineResources } from './resources.ts';
import { retryDelayMs, type StepPolicy } from './step-policy.ts';
import { createHumanTask } from './human-task-store.ts';
import { deferredWrites } from './deferred-writes.ts';

export interface SettleContext {
  r: EngineResources;
  client: SqlClient;
  run: RunRow;
  step: StepRow;
  steps: Map<string, StepRow>;
  graph: RunGraph;
  policy: StepPolicy;
  workerId: string;
  /** When this attempt's execution began (its step_attempts row is written at settle). */
  startedAt: Date;
}

/** Records a successful execution and hands off to the successors. Returns jobs enqueued. */
export async function settleSuccess(s: SettleContext, result: Exclude<ExecuteResult, Suspension>): Promise<number> {
  const { r, client, run, step } = s;
  const outputs = (result.outputs ?? {}) as Record<string, unknown>;
  const serialized = JSON.stringify(outputs);
  if (Buffer.byteLength(serialized) > r.limits.maxOutputBytes) {
    // Loud, never truncated: large data belongs in the media store, passed by reference.
    return settleFailure(
      s,
      Object.assign(
        new Error(
          `Output of node ${step.node_id} is ${Buffer.byteLength(serialized)} bytes, over the ${r.limits.maxOutputBytes}-byte limit for step outputs; store large data as media and pass the reference`,
        ),
        { name: 'OutputTooLargeError' },
      ),
      false,
    );
  }
  const fired = (result.firedPorts ?? Object.keys(outputs).filter((k) => outputs[k] !== undefined)) as string[];
  const attemptMeta = meta(outputs);
  const audit: AuditInput = {
    workspaceId: run.workspace_id,
    runId: run.id,
    stepId: step.id,
    actorType: 'system',
    action: 'step.succeeded',
    subjectType: 'step',
    subjectId: step.id,
    data: {
      nodeId: step.node_id,
      nodeType: step.node_type,
      nodeTypeVersion: step.node_type_version,
      attempt: step.attempt,
      inputsHash: sha256Json(step.inputs ?? {}),
      outputsHash: sha256Json(outputs),
      firedPorts: fired,
      ...attemptMeta,
    },
  };
  // Every settle runs with its writes buffered (step-worker.ts): the step row, its
  // attempt and the audit event go out with the others of its wave as multi-row statements.
  const deferred = deferredWrites(client);
  if (!deferred) throw new Error('settleSuccess runs inside withDeferredWrites');
  deferred.succeeded.push({ id: step.id, outputs: serialized, firedPorts: fired });
  deferred.attempts.push({
    stepId: step.id,
    attempt: step.attempt,
    status: 'succeeded',
    workerId: s.workerId,
    error: null,
    meta: json(attemptMeta),
    startedAt: s.startedAt,
  });
  await appendAudit(client, audit);
  step.status = 'succeeded';
  step.outputs = outputs;
  step.fired_ports = fired;
  return advanceRun(r, client, run, s.steps, s.graph, [step.node_id]);
}

/**
 * A failed execution: another attempt after backoff when the error is retryable and
 * attempts remain; otherwise the step fails — routed through its error port when one is
 * connected, else dead-lettered with its reason and the run fails.
 */
export async function settleFailure(s: SettleContext, error: unknown, retry = true): Promise<number> {
  const { r, client, run, step, policy } = s;
  const serialized: SerializedError = serializeError(error);
  if (retry && isRetryable(error) && step.attempt < policy.maxAttempts) {
    const delay = serialized.retryAfterMs ?? retryDelayMs(policy, step.attempt);
    const next = step.attempt + 1;
    const startAfter = new Date(r.now().getTime() + delay);
    await client.query(`UPDATE steps SET status = 'pending', attempt = $2, error = $3, resume_at = $4 WHERE id = $1`, [
      step.id,
      next,
      json(serialized),
      startAfter,
    ]);
    await recordAttempt(s, 'failed', serialized, null);
    await appendAudit(client, {
      workspaceId: run.workspace_id,
      runId: run.id,
      stepId: step.id,
      actorType: 'system',
      action: 'step.retry_scheduled',
      subjectType: 'step',
      subjectId: step.id,
      data: { nodeId: step.node_id, attempt: step.attempt, nextAttempt: next, delayMs: delay, error: serialized },
    });
    await enqueueStep(
      client,
      r.boss,
      { runId: run.id, stepId: step.id, attempt: next },
      {
        startAfter,
        priority: run.priority,
        expireInSeconds: Math.ceil(policy.timeoutMs / 1000) + 60,
      },
      r.wakeAt,
    );
    step.status = 'pending';
    step.attempt = next;
    return 0; // nothing to run now; the delayed job carries the retry
  }
  const errorPorts = (s.graph.outbound.get(step.node_id) ?? [])
    .map((e) => e.from.port)
    .filter(
      (port) =>
        s.r.executors.get(`${step.node_type}@${step.node_type_version}`)?.definition.outputs[port]?.kind === 'error',
    );
  const fired = [...new Set(errorPorts)];
  await client.query(
    `UPDATE steps SET status = 'failed', error = $2, fired_ports = $3, finished_at = now(), dead_lettered_at = $4 WHERE id = $1`,
    [step.id, json(serialized), fired, fired.length ? null : r.now()],
  );
  await recordAttempt(s, 'failed', serialized, null);
  step.status = 'failed';
  step.error = serialized;
  step.fired_ports = fired;
  await appendAudit(client, {
    workspaceId: run.workspace_id,
    runId: run.id,
    stepId: step.id,
    actorType: 'system',
    action: fired.length ? 'step.failed_routed' : 'step.dead_lettered',
    subjectType: 'step',
    subjectId: step.id,
    data: { nodeId: step.node_id, nodeType: step.node_type, attempt: step.attempt, error: serialized },
  });
  if (fired.length) return advanceRun(r, client, run, s.steps, s.graph, [step.node_id]);
  await finishRun(r, client, run, 'failed', null, { nodeId: step.node_id, error: serialized });
  return 0;
}

/** A suspension: the step waits durably for a timer, a task decision or new evidence. */
export async function settleSuspension(s: SettleContext, suspension: Suspension): Promise<number> {
  const { r, client, run, step } = s;
  const token = randomUUID();
  const waitFor = { ...suspension.waitFor, token };
  const resumeAt = suspension.waitFor.resumeAt ? new Date(suspension.waitFor.resumeAt) : null;
  await client.query(`UPDATE steps SET status = 'waiting', wait_for = $2, resume_at = $3 WHERE id = $1`, [
    step.id,
    json(waitFor),
    resumeAt,
  ]);
  await recordAttempt(s, 'waiting', null, null);
  step.status = 'waiting';
  let taskId: string | undefined;
  if (suspension.waitFor.kind === 'task') {
    taskId = await createHumanTask(client, { run, step, task: suspension.waitFor.task, dueAt: resumeAt }, r);
  }
  if (resumeAt) {
    // The durable timer is a delayed job; a decision that comes first makes it a no-op.
    await enqueueStep(
      client,
      r.boss,
      {
        runId: run.id,
        stepId: step.id,
        attempt: step.attempt,
        resume: { kind: suspension.waitFor.kind, timedOut: suspension.waitFor.kind !== 'timer' ? true : false, token },
      },
      { startAfter: resumeAt, purpose: `timer:${token}`, priority: run.priority },
      r.wakeAt,
    );
  }
  await appendAudit(client, {
    workspaceId: run.workspace_id,
    runId: run.id,
    stepId: step.id,
    actorType: 'system',
    action: 'step.waiting',
    subjectType: 'step',
    subjectId: step.id,
    data: {
      nodeId: step.node_id,
      kind: suspension.waitFor.kind,
      resumeAt: resumeAt?.toISOString() ?? null,
      taskId: taskId ?? null,
    },
  });
  return advanceRun(r, client, run, s.steps, s.graph, []);
}

/** One row per attempt, written when it settles (a resumed attempt updates its row). */
async function recordAttempt(s: SettleContext, status: string, error: SerializedError | null, metaData: unknown) {
  await s.client.query(
    `INSERT INTO step_attempts (step_id, attempt, status, worker_id, error, meta, started_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (step_id, attempt) DO UPDATE
       SET status = EXCLUDED.status, worker_id = EXCLUDED.worker_id, error = EXCLUDED.error,
           meta = coalesce(EXCLUDED.meta, step_attempts.meta), finished_at = now()`,
    [s.step.id, s.step.attempt, status, s.workerId, json(error), json(metaData), s.startedAt],
  );
}

/** Model versions and confidences found in outputs, kept on the attempt and in the audit. */
function meta(outputs: Record<string, unknown>): Record<string, unknown> {
  const models = new Set<string>();
  const scores: number[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const model = o.model as { name?: string; version?: string } | undefined;
    if (model && typeof model.name === 'string' && typeof model.version === 'string')
      models.add(`${model.name}@${model.version}`);
    if (typeof o.score === 'number') scores.push(o.score);
    for (const child of Array.isArray(v) ? v : Object.values(o)) visit(child, depth + 1);
  };
  visit(outputs, 0);
  const out: Record<string, unknown> = {};
  if (models.size) out.models = [...models];
  if (scores.length) out.maxScore = Math.max(...scores);
  return out;
}
