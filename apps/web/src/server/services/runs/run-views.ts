import { z } from 'zod';

/**
 * What the runs view reads: the shapes the runs services return and the tRPC procedures
 * validate as their output. Times are ISO strings so the shapes survive any transformer.
 */

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Runs that can still change: the UI keeps refreshing while any is on screen. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'waiting'];

export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'canceled'] as const;
export const stepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const TRIGGER_KINDS = ['webhook', 'schedule', 'manual', 'api'] as const;
export const triggerKindSchema = z.enum(TRIGGER_KINDS);
export type TriggerKind = z.infer<typeof triggerKindSchema>;

const iso = z.string();
const json = z.unknown();

/** An error as the engine stores it (serializeError): message, code, audience, retry meaning. */
export const runErrorSchema = z
  .object({
    message: z.string(),
    code: z.string().optional(),
    name: z.string().optional(),
    audience: z.string().optional(),
    retryable: z.boolean().optional(),
  })
  .loose();
export type RunError = z.infer<typeof runErrorSchema>;

/**
 * The engine stores errors in three shapes: a serialized error on attempts and failed
 * steps, `{ nodeId, error }` on a failed run (which step failed it), and `{ skipped }` on a
 * skipped step (why its branch was not taken). The view gets one shape with a message.
 */
export function toRunError(raw: unknown): RunError | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object') return { message: String(raw) };
  const o = raw as Record<string, unknown>;
  if (typeof o.message === 'string') return o as RunError;
  if (o.error !== undefined && o.error !== null) {
    const inner = toRunError(o.error);
    return inner && { ...inner, ...(typeof o.nodeId === 'string' ? { nodeId: o.nodeId } : {}) };
  }
  if (typeof o.skipped === 'string') return { message: `Skipped: ${o.skipped}`, code: 'skipped' };
  return { message: JSON.stringify(raw).slice(0, 500) };
}

export const stepCountsSchema = z.object({
  total: z.number().int(),
  done: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
  failed: z.number().int(),
});
export type StepCounts = z.infer<typeof stepCountsSchema>;

export const runListItemSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  workflow: z.object({ id: z.string(), name: z.string() }),
  version: z.object({ id: z.string(), number: z.number().int(), published: z.boolean() }),
  triggerKind: triggerKindSchema,
  isTest: z.boolean(),
  correlationKey: z.string().nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  /** Finished − started; for a run still going, so far (as of the query). */
  durationMs: z.number().nullable(),
  steps: stepCountsSchema,
  /** The reason a failed run failed, in one line. */
  errorMessage: z.string().nullable(),
  rerunOfId: z.string().nullable(),
  openTasks: z.number().int(),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

export const modelUseSchema = z.object({ name: z.string(), version: z.string() });
export type ModelUse = z.infer<typeof modelUseSchema>;

export const stepAttemptViewSchema = z.object({
  attempt: z.number().int(),
  status: stepStatusSchema,
  workerId: z.string().nullable(),
  error: runErrorSchema.nullable(),
  startedAt: iso,
  finishedAt: iso.nullable(),
  durationMs: z.number().nullable(),
  models: z.array(z.string()),
  maxScore: z.number().nullable(),
});
export type StepAttemptView = z.infer<typeof stepAttemptViewSchema>;

export const stepViewSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeType: z.string(),
  nodeTypeVersion: z.number().int(),
  /** The label given in the editor, else the node id. */
  title: z.string(),
  round: z.number().int(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  inputs: json,
  outputs: json,
  firedPorts: z.array(z.string()),
  error: runErrorSchema.nullable(),
  waitFor: json,
  resumeAt: iso.nullable(),
  deadLetteredAt: iso.nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  durationMs: z.number().nullable(),
  attempts: z.array(stepAttemptViewSchema),
  /** Every model (name + exact version) whose result is in the outputs. */
  models: z.array(modelUseSchema),
  /** The deciding confidence found in the outputs (classifier score, best detection, OCR confidence). */
  confidence: z.number().nullable(),
  /** The node's config as pinned by the run's version (the inspector shows it). */
  config: json,
});
export type StepView = z.infer<typeof stepViewSchema>;

export const auditEventViewSchema = z.object({
  id: z.string(),
  createdAt: iso,
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  stepId: z.string().nullable(),
  data: json,
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

export const auditChainSchema = z.object({
  /** Every event links to the previous one and every hash recomputes from its event. */
  valid: z.boolean(),
  checked: z.number().int(),
  /** The first event whose link or hash does not hold. */
  brokenAtId: z.string().nullable(),
});
export type AuditChain = z.infer<typeof auditChainSchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  url: z.string(),
  attempt: z.number().int(),
  status: z.string(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: iso,
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

export const humanTaskViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  nodeId: z.string(),
  stepId: z.string(),
  round: z.number().int(),
  priority: z.number().int(),
  assigneeName: z.string().nullable(),
  dueAt: iso.nullable(),
  createdAt: iso,
  completedAt: iso.nullable(),
  decision: z
    .object({
      action: z.string(),
      reasonCode: z.string().nullable(),
      comment: z.string().nullable(),
      override: z.boolean(),
      decidedBy: z.string(),
      decidedAt: iso,
    })
    .nullable(),
});
export type HumanTaskView = z.infer<typeof humanTaskViewSchema>;

export const runDetailSchema = z.object({
  run: runListItemSchema.extend({
    priority: z.number().int(),
    input: json,
    output: json,
    error: runErrorSchema.nullable(),
    rerunFromNodeId: z.string().nullable(),
    reruns: z.array(
      z.object({ id: z.string(), status: runStatusSchema, createdAt: iso, fromNodeId: z.string().nullable() }),
    ),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  graph: z.object({
    nodes: z.array(z.object({ id: z.string(), type: z.string(), typeVersion: z.number().int(), title: z.string() })),
    edges: z.array(
      z.object({
        from: z.object({ node: z.string(), port: z.string() }),
        to: z.object({ node: z.string(), port: z.string() }),
      }),
    ),
  }),
  steps: z.array(stepViewSchema),
  audit: z.object({ events: z.array(auditEventViewSchema), chain: auditChainSchema }),
  deliveries: z.array(webhookDeliveryViewSchema),
  tasks: z.array(humanTaskViewSchema),
  /** Pass to pollRun: answers whether anything changed since this read. */
  cursor: z.string(),
  /** The database's clock at the read, so "running for" is measured against the same clock. */
  readAt: iso,
});
export type RunDetail = z.infer<typeof runDetailSchema>;
