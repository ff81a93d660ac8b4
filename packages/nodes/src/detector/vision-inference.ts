import type { z } from 'zod';
import type { InferRequest, NodeContext } from '../sdk/context.ts';
import { NonRetriableError, RetryableError } from '../sdk/errors.ts';
import {
  inferenceContract,
  type InferenceInputsMap,
  type InferenceOutputsMap,
  type InferenceTask,
} from '../sdk/inference-contract.ts';
import { modelRefSchema, type MediaRef, type ModelRef } from '../sdk/port-values.ts';

/**
 * The one way the vision executors (detector, classifier, OCR, frame sampler) call models:
 * one request per media item, several in flight at once so the pool worker can batch
 * them, every result checked against the inference contract.
 */

/** Requests in flight per step: enough for the pool to fill a batch, bounded for long videos. */
export const INFER_CONCURRENCY = 16;

export interface ModelChoice {
  model: string;
  /** Pinned semver; the registry's current version when undefined. */
  version: string | undefined;
}

export interface MediaInference<T extends InferenceTask> {
  media: MediaRef;
  model: ModelRef;
  outputs: InferenceOutputsMap[T];
}

type VisionContext = Pick<NodeContext, 'infer' | 'signal' | 'logger'>;

/**
 * Runs the model once per media item (in input order) and returns the validated results.
 * Throws NonRetriableError `no_media` for an empty list (nothing to look at is a broken
 * upstream, not an empty answer), `bad_model_output` for a result that breaks the contract,
 * RetryableError `model_version_changed` when the registry moved to a new version while
 * the step ran (the retry sees one version throughout).
 */
export async function inferEach<T extends InferenceTask>(
  ctx: VisionContext,
  task: T,
  choice: ModelChoice,
  media: readonly MediaRef[],
  inputsFor: (media: MediaRef) => InferenceInputsMap[T],
): Promise<MediaInference<T>[]> {
  if (media.length === 0) {
    throw new NonRetriableError(`No media to ${task}: the input list is empty`, { code: 'no_media' });
  }
  const results = await mapLimit(media, INFER_CONCURRENCY, ctx.signal, async (item) => {
    const request: InferRequest = {
      model: choice.model,
      ...(choice.version === undefined ? {} : { version: choice.version }),
      inputs: inputsFor(item),
    };
    const result = await ctx.infer(request);
    return { media: item, ...checkResult(task, choice, item, result) };
  });
  const versions = new Set(results.map((r) => `${r.model.name}@${r.model.version}`));
  if (versions.size > 1) {
    throw new RetryableError(
      `Model ${choice.model} answered with several versions in one step (${[...versions].join(', ')}); trying again`,
      { code: 'model_version_changed' },
    );
  }
  return results;
}

function checkResult<T extends InferenceTask>(
  task: T,
  choice: ModelChoice,
  media: MediaRef,
  result: unknown,
): { model: ModelRef; outputs: InferenceOutputsMap[T] } {
  const where = `model ${choice.model} (${task}) on media ${media.mediaId}`;
  const envelope = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  const model = modelRefSchema.safeParse(envelope['model']);
  if (!model.success) throw badOutput(`${where} returned no model name and version`, model.error);
  if (model.data.name !== choice.model) {
    throw badOutput(`${where} was answered by model '${model.data.name}'`);
  }
  if (choice.version !== undefined && model.data.version !== choice.version) {
    throw badOutput(`${where} was answered by version ${model.data.version}, not the pinned ${choice.version}`);
  }
  const schema = inferenceContract[task].outputs as unknown as z.ZodType<InferenceOutputsMap[T]>;
  const outputs = schema.safeParse(envelope['outputs']);
  if (!outputs.success) throw badOutput(`${where} returned malformed outputs`, outputs.error);
  return { model: model.data, outputs: outputs.data };
}

function badOutput(message: string, error?: z.ZodError): NonRetriableError {
  const detail = error?.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(outputs)'}: ${i.message}`)
    .join('; ');
  return new NonRetriableError(detail ? `${message}: ${detail}` : message, { code: 'bad_model_output' });
}

/**
 * `Promise.all` over `items` with at most `limit` calls running; results in input order.
 * The first failure stops new calls from starting and is what rejects; cancelling the
 * step does the same.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        signal.throwIfAborted();
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
