// Server-only entry of the engine: queue, run state machine, workers, outbound HTTP and
// the media store. Never imported by the web client bundle (dependency-cruiser enforces it).
export * from './index.ts';
export { startBoss, BOSS_SCHEMA, type BossOptions } from './queue/boss.ts';
export { createEngine, ensureQueues, type Engine, type EngineOptions, type WorkerOptions } from './runtime/engine.ts';
export { RunStateError, CANCEL_CHANNEL } from './runtime/control.ts';
export { STEP_QUEUE, type StepJob } from './runtime/queues.ts';
export { INBOX_CHANNEL } from './runtime/human-task-store.ts';
export { INBOX_TIMER_QUEUE, escalateTask, type InboxTimerJob } from './runtime/inbox-timers.ts';
export { appendMedia, type AwaitEvidenceInput, type SubmitEvidenceInput } from './runtime/evidence-round.ts';
export {
  RUN_FINISHED_CHANNEL,
  CALLBACK_QUEUE,
  callbackIdempotencyKey,
  type CallbackJob,
  type CallbackOptions,
  type RunCallbackPayload,
} from './runtime/run-callbacks.ts';
export type { StartRunInput } from './runtime/start-run.ts';
export { acceptQueuedRuns, RUNS_QUEUED_CHANNEL, type QueuedRunInput } from './runtime/accept-runs.ts';
export { appendAudit, canonicalJson, sha256Json, type AuditInput } from './runtime/audit.ts';
export { DEFAULT_POLICY, resolvePolicy, retryDelayMs, type StepPolicy } from './runtime/step-policy.ts';
export * from './http/index.ts';
export * from './media/index.ts';
export { createWorkspaceMedia, type WorkspaceMediaOptions } from './media/workspace-media.ts';
export { createSecretStore } from './runtime/secret-store.ts';
