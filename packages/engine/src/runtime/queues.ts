import { createHash } from 'node:crypto';

/** Every step execution, retry and resume is one job on this queue. */
export const STEP_QUEUE = 'conveyor-steps';

/**
 * NOTIFY (no payload): step jobs are ready for a runner that did not enqueue them itself.
 * The step queue raises no pg-boss NOTIFY (engine.ts ensureQueues); a runner wakes its own
 * loops for the successors it enqueues, and everything else announces itself here.
 */
export const STEPS_READY_CHANNEL = 'conveyor_steps_ready';
export const NOTIFY_STEPS_READY = `SELECT pg_notify('${STEPS_READY_CHANNEL}', '')`;

export interface StepJob {
  runId: string;
  stepId: string;
  /** The attempt this job executes; a job for an older attempt is stale and dropped. */
  attempt: number;
  /** Set for a resume of a waiting step (timer fired, task decided, evidence arrived). */
  resume?: { kind: 'timer' | 'task' | 'evidence'; timedOut: boolean; payload?: unknown; token: string };
}

/**
 * Deterministic job ids make every enqueue idempotent: sending the same (step, attempt,
 * purpose) twice — e.g. after a crash between commit and acknowledgement — inserts one job.
 */
export function stepJobId(stepId: string, attempt: number, purpose = 'run'): string {
  const hex = createHash('sha256').update(`${stepId}:${attempt}:${purpose}`).digest('hex');
  // Shape it as a UUID (pg-boss ids are uuid); version nibble 5 like a name-based UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
