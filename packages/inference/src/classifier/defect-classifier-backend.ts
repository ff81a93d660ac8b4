import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolItem } from '../detector/detector-backend.ts';
import type { DecodeImageOptions } from '../imaging/decode-image.ts';
import { decodeClassifierItems } from './classifier-items.ts';
import {
  DEFECT_CLASSIFIER_MODEL_DIR,
  OnnxImageClassifier,
  classifierManifestSchema,
  type ClassifierOutput,
  type OnnxClassifierOptions,
} from './onnx-classifier.ts';

export interface DefectClassifierBackendOptions extends OnnxClassifierOptions {
  /** Most requests per `run` (one `session.run`). Default 32. */
  maxBatch?: number;
  decode?: DecodeImageOptions;
}

/**
 * The defect classifier as a pool backend (`task: 'classify'`, `backend: 'onnx-cpu'`; any
 * ONNX classifier folder with a `model.json` via `modelDir`). `run` decodes each request's
 * bytes (PNG or JPEG), crops to its `region` and scores all decodable images in ONE batched
 * `session.run`. A corrupt image (ImageDecodeError) or bad parameters (BadInferenceInputError)
 * fail that request alone; a model failure fails the batch. Name and version come from
 * `model.json`, read when the backend is created (the pool keys warm models by them).
 */
export function createDefectClassifierBackend(options: DefectClassifierBackendOptions = {}) {
  const dir = options.modelDir ?? DEFECT_CLASSIFIER_MODEL_DIR;
  const manifest = classifierManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
  let classifier: OnnxImageClassifier | undefined;
  let loading: Promise<OnnxImageClassifier> | undefined;
  const load = (): Promise<OnnxImageClassifier> => {
    loading ??= OnnxImageClassifier.load({ ...options, modelDir: dir }).then((loaded) => (classifier = loaded));
    loading.catch(() => (loading = undefined)); // a later batch retries the load
    return loading;
  };
  return {
    model: manifest.name,
    version: manifest.version,
    task: 'classify' as const,
    backend: `onnx-${providerName(options.executionProviders?.[0])}`,
    maxBatch: options.maxBatch ?? 32,
    /** The loaded classifier (after `load()`): manifest, labels, load time. */
    get classifier(): OnnxImageClassifier | undefined {
      return classifier;
    },
    async load(): Promise<void> {
      await load();
    },
    async run(items: PoolItem[]): Promise<(ClassifierOutput | Error)[]> {
      const model = await load();
      const { results, inputs, slots } = decodeClassifierItems(items, options.decode);
      if (inputs.length > 0) {
        const outputs = await model.classify(inputs);
        outputs.forEach((output, k) => (results[slots[k]!] = output));
      }
      return results;
    },
  };
}

/** `cpu`, `webgpu`, … for the backend kind recorded with results. */
function providerName(provider: NonNullable<OnnxClassifierOptions['executionProviders']>[number] | undefined): string {
  if (provider === undefined) return 'cpu';
  return typeof provider === 'string' ? provider : provider.name;
}
