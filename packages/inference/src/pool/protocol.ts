import type { MediaRef } from '@conveyor/nodes';

/** NOTIFY channel a pool uses to wake the `ctx.infer` call waiting for a result. */
export const RESULT_CHANNEL = 'conveyor_inference_done';

/** One inference request = one job on the model's pool queue. */
export interface InferenceJob {
  workspaceId: string;
  model: string;
  version: string;
  task: 'detect' | 'classify' | 'ocr' | 'sample';
  media: MediaRef;
  params: Record<string, unknown>;
  /** When the request was sent (epoch ms): the pool measures queue wait + run from it. */
  sentAt?: number;
  /** Nobody waits for the result after this (epoch ms): the pool skips the model work. */
  deadlineAt?: number;
}

export interface InferenceOutcome {
  ok: boolean;
  output?: unknown;
  error?: { message: string; code: string; retryable: boolean };
}
