import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { z } from 'zod';
import {
  preprocessBatch,
  scoresFromLogits,
  type ClassifierInput,
  type ClassifierOutput,
} from './classifier-tensors.ts';

/** The project's own defect classifier, committed with its manifest and model card. */
export const DEFECT_CLASSIFIER_MODEL_DIR = fileURLToPath(
  new URL('../../models/defect-classifier/1.0.0/', import.meta.url),
);

const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

/** `model.json` beside `model.onnx`: what the backend needs to feed the model and name its outputs. */
export const classifierManifestSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'semver'),
  task: z.literal('classify'),
  format: z.literal('onnx'),
  file: z.string().min(1),
  /** In the order of the model's output columns. */
  labels: z.array(z.string().min(1)).min(1),
  input: z.looseObject({
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** Multiplies the 0..255 pixel before mean/std: usually 1/255. */
    scale: z.number().positive(),
    mean: rgbTriple,
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  }),
  output: z.looseObject({
    name: z.string().min(1),
    activation: z.enum(['softmax', 'sigmoid']),
  }),
  /** Extra scores computed from the model's, e.g. `defect` = scratch + crack + dent. */
  derivedScores: z.record(z.string().min(1), z.looseObject({ sumOf: z.array(z.string().min(1)).min(1) })).optional(),
  /** Model card (intended use, data, measured accuracy, limits): shown to people, unused here. */
  card: z.record(z.string(), z.unknown()).optional(),
});
export type ClassifierManifest = z.infer<typeof classifierManifestSchema>;

export type { ClassifierInput, ClassifierOutput } from './classifier-tensors.ts';

export interface OnnxClassifierOptions {
  /** Folder with `model.json` and the model file. Default: the committed defect classifier. */
  modelDir?: string;
  /** ONNX Runtime threads per run; default ORT's (all cores). One pool process per core: use 1. */
  intraOpNumThreads?: number;
  /** Default `['cpu']`. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
  /** Append the manifest's derived scores (e.g. `defect`). Default true. */
  derivedScores?: boolean;
}

/** The model folder or its manifest is unusable (missing, malformed, or not matching the model). */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/**
 * An image classifier backed by an ONNX model on ONNX Runtime (CPU by default). Load once per
 * worker and keep it: `load()` creates the session and runs one warm-up inference. Each
 * `classify(images)` call is ONE batched `session.run` over all images (the model has a
 * dynamic batch axis); the pool upstream decides the batch.
 */
export class OnnxImageClassifier {
  readonly manifest: ClassifierManifest;
  readonly labels: readonly string[];
  /** Milliseconds `load()` took: reading, session creation and the warm-up run. */
  readonly loadMs: number;
  private readonly session: InferenceSession;
  private readonly withDerived: boolean;

  private constructor(manifest: ClassifierManifest, session: InferenceSession, derived: boolean, loadMs: number) {
    this.manifest = manifest;
    this.labels = manifest.labels;
    this.session = session;
    this.loadMs = loadMs;
    this.withDerived = derived;
  }

  static async load(options: OnnxClassifierOptions = {}): Promise<OnnxImageClassifier> {
    const started = performance.now();
    const dir = options.modelDir ?? DEFECT_CLASSIFIER_MODEL_DIR;
    let manifest: ClassifierManifest;
    try {
      manifest = classifierManifestSchema.parse(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')));
    } catch (error) {
      throw new ModelLoadError(`Bad or missing model.json in ${dir}: ${(error as Error).message}`, { cause: error });
    }
    for (const [label, spec] of Object.entries(manifest.derivedScores ?? {})) {
      if (manifest.labels.includes(label)) throw new ModelLoadError(`Derived score "${label}" shadows a model label`);
      const unknown = spec.sumOf.filter((l) => !manifest.labels.includes(l));
      if (unknown.length > 0) throw new ModelLoadError(`Derived score "${label}" sums unknown labels ${unknown}`);
    }
    if (new Set(manifest.labels).size !== manifest.labels.length) throw new ModelLoadError('Duplicate labels');

    let session: InferenceSession;
    try {
      const bytes = await readFile(join(dir, manifest.file));
      session = await InferenceSession.create(bytes, {
        executionProviders: options.executionProviders ?? ['cpu'],
        graphOptimizationLevel: 'all',
        // On a GPU provider a silent fall-back to the CPU must fail loudly instead (STACK.md).
        ...(onGpu(options.executionProviders) ? { extra: { session: { disable_cpu_ep_fallback: '1' } } } : {}),
        ...(options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads }),
      });
    } catch (error) {
      throw new ModelLoadError(`Cannot load ${join(dir, manifest.file)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!session.inputNames.includes(manifest.input.name) || !session.outputNames.includes(manifest.output.name)) {
      await session.release();
      throw new ModelLoadError(
        `Model names inputs [${session.inputNames}] and outputs [${session.outputNames}]; ` +
          `model.json expects ${manifest.input.name} → ${manifest.output.name}`,
      );
    }
    // Warm-up: the first run allocates and plans; pay it here, not on the first request.
    const { width, height } = manifest.input;
    const logits = await runLogits(session, manifest, new Float32Array(3 * width * height), 1).catch(
      async (error: unknown) => {
        await session.release();
        throw new ModelLoadError(`Warm-up run failed: ${(error as Error).message}`, { cause: error });
      },
    );
    if (logits.length !== manifest.labels.length) {
      await session.release();
      throw new ModelLoadError(`Model outputs ${logits.length} scores for ${manifest.labels.length} labels`);
    }
    return new OnnxImageClassifier(manifest, session, options.derivedScores ?? true, performance.now() - started);
  }

  /**
   * The model's input for a batch: each image cropped to its region, resized to the input
   * size, scaled and normalised, planar (N×3×H×W float32).
   */
  preprocess(images: readonly ClassifierInput[]): Float32Array {
    return preprocessBatch(this.manifest, images);
  }

  /** Scores every image, one batched run; results in input order. */
  async classify(images: readonly ClassifierInput[]): Promise<ClassifierOutput[]> {
    if (images.length === 0) return [];
    const input = this.preprocess(images);
    const logits = await runLogits(this.session, this.manifest, input, images.length);
    return scoresFromLogits(this.manifest, logits, images.length, this.withDerived);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function onGpu(providers: OnnxClassifierOptions['executionProviders']): boolean {
  return (providers ?? []).some((p) => (typeof p === 'string' ? p : p.name) !== 'cpu');
}

/** One `session.run` over a batch; the logits, row-major N×labels. */
async function runLogits(
  session: InferenceSession,
  manifest: ClassifierManifest,
  input: Float32Array,
  batch: number,
): Promise<Float32Array> {
  const { name, width, height } = manifest.input;
  const output = await session.run({ [name]: new Tensor('float32', input, [batch, 3, height, width]) });
  const logits = output[manifest.output.name];
  if (logits === undefined || logits.type !== 'float32' || logits.dims[0] !== batch) {
    throw new Error(`Model output ${manifest.output.name} is missing or not float32 [${batch}, …]`);
  }
  return logits.data as Float32Array;
}
