import type { z } from 'zod';
import { detectInputsSchema, detectOutputsSchema, type DetectOutputs, type MediaRef } from '@conveyor/nodes';
import { decodeImage, type DecodeImageOptions, type DecodedImage } from '../imaging/decode-image.ts';
import { createHumanDetector, type HumanDetector, type HumanDetectorOptions } from './human-detector.ts';

/** What a pool hands a backend per request (structurally the pool's `BackendItem`). */
export interface PoolItem {
  bytes: Uint8Array;
  params: Record<string, unknown>;
  putMedia(bytes: Uint8Array, contentType: string): Promise<MediaRef>;
}

/** A request whose parameters break the contract: permanent, like a corrupt image. */
export class BadInferenceInputError extends Error {
  override readonly name = 'BadInferenceInputError';
  readonly code = 'bad_input';
  readonly retryable = false;
}

export interface CocoDetectorBackendOptions extends HumanDetectorOptions {
  /** Registry name and version this backend serves. Defaults `coco-detector`, `1.0.0`. */
  model?: string;
  version?: string;
  /** Most requests per `run`. Default 8 (tfjs-wasm runs them one after another anyway). */
  maxBatch?: number;
  decode?: DecodeImageOptions;
}

const detectParamsSchema = detectInputsSchema.omit({ media: true });
type Prepared = { image: DecodedImage; params: z.infer<typeof detectParamsSchema> };

/**
 * The COCO detector as a pool backend (`task: 'detect'`, `backend: 'tfjs-wasm'`): decodes
 * each request's bytes, honours `region` and `minScore`, returns the contract's outputs. A
 * corrupt image or bad parameters fail that request alone; a model failure fails the batch.
 */
export function createCocoDetectorBackend(options: CocoDetectorBackendOptions = {}) {
  let loading: Promise<HumanDetector> | undefined;
  const detector = () => {
    loading ??= createHumanDetector(options);
    loading.catch(() => (loading = undefined));
    return loading;
  };
  return {
    model: options.model ?? 'coco-detector',
    version: options.version ?? '1.0.0',
    task: 'detect' as const,
    backend: 'tfjs-wasm',
    maxBatch: options.maxBatch ?? 8,
    async load(): Promise<void> {
      await detector();
    },
    async run(items: PoolItem[]): Promise<(DetectOutputs | Error)[]> {
      const model = await detector();
      const prepared = items.map((item): Prepared | Error => {
        const params = detectParamsSchema.safeParse(item.params);
        if (!params.success) return new BadInferenceInputError(`Bad detect parameters: ${params.error.message}`);
        try {
          return { image: decodeImage(item.bytes, options.decode), params: params.data };
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      const ready = prepared.filter((p): p is Prepared => !(p instanceof Error));
      const outputs = await model.detect(
        ready.map(({ image, params }) => ({
          image,
          ...(params.region === undefined ? {} : { region: params.region }),
          ...(params.minScore === undefined ? {} : { minScore: params.minScore }),
        })),
      );
      let next = 0;
      return prepared.map((p) => (p instanceof Error ? p : detectOutputsSchema.parse(outputs[next++])));
    },
  };
}
