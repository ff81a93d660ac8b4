import type { InferFn, InferRequest } from '../sdk/context.ts';
import type { MediaRef } from '../sdk/port-values.ts';

/** Test helpers for the vision executors: media references and a scripted model. */

export function mediaRef(id: string, contentType = 'image/jpeg'): MediaRef {
  const hex = Array.from(id, (c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('')
    .padEnd(64, '0')
    .slice(0, 64);
  return { mediaId: id, sha256: hex, contentType, size: 1000 };
}

export interface ScriptedModel {
  infer: InferFn;
  calls: InferRequest[];
  /** Most requests that were in flight at once. */
  peakConcurrency: () => number;
}

/**
 * A model that answers per request through `answer` (return the outputs, or a full
 * `{ model, outputs }` to override the model reference), after `delayMs`.
 */
export function scriptedModel(
  answer: (request: InferRequest, mediaId: string) => unknown,
  options: { name?: string; version?: string; delayMs?: number; raw?: boolean } = {},
): ScriptedModel {
  const calls: InferRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const infer = (async (request: InferRequest) => {
    calls.push(request);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
      const mediaId = (request.inputs['media'] as MediaRef | undefined)?.mediaId ?? '';
      const outputs = answer(request, mediaId);
      if (options.raw) return outputs;
      return {
        model: { name: options.name ?? request.model, version: options.version ?? request.version ?? '1.0.0' },
        outputs,
      };
    } finally {
      inFlight -= 1;
    }
  }) as InferFn;
  return { infer, calls, peakConcurrency: () => peak };
}
