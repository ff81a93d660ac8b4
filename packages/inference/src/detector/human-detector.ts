import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Box, DetectOutputs } from '@conveyor/nodes';
import { clampRect, normalizeRect, regionToRect } from '../imaging/boxes.ts';
import { assertRgbImage, type PixelRect, type RgbImage } from '../imaging/rgb-image.ts';
import { cropImage, fitWithin, resizeImage } from '../imaging/transform-image.ts';

/**
 * COCO object detection with @vladmandic/human's CenterNet (80 COCO classes, 4 MB, ships
 * inside the npm package) on TensorFlow.js's WebAssembly backend — no native addon and no
 * download: the model and the .wasm files are read from the installed packages. One model
 * per process, loaded once (warm); requests run one at a time (tfjs-wasm is single-threaded).
 */

const require = createRequire(import.meta.url);

/** The installed @vladmandic/human package folder (its `exports` map hides package.json). */
function humanPackageDir(): string {
  // `require.resolve` picks the "node" export, dist/human.node.js.
  return path.dirname(path.dirname(require.resolve('@vladmandic/human')));
}

export interface HumanDetectorOptions {
  /** Folder holding the model's JSON and weights. Default: @vladmandic/human's `models`. */
  modelDir?: string;
  /** Model JSON inside `modelDir`. Default `centernet.json`. */
  modelFile?: string;
  /** Folder holding tfjs-backend-wasm's `.wasm` files. Default: the installed package's `dist`. */
  wasmDir?: string;
  /** Candidates under this score never leave the model; requests may ask for more. Default 0.1. */
  minScore?: number;
  /** Most detections per image, after non-max suppression. Default 50. */
  maxDetections?: number;
  /** Overlap above which the weaker of two same-class boxes is dropped. Default 0.4. */
  iouThreshold?: number;
  /**
   * Images are shrunk so the longer side is at most this before inference: the model looks
   * at 512×512 anyway, and a 12 MP phone photo as an int32 tensor would be ~145 MB. Default 1024.
   */
  maxInputSide?: number;
}

export interface DetectRequest {
  image: RgbImage;
  /** Look only here (fractions of the image); boxes still refer to the whole image. */
  region?: Box;
  /** Leave out detections scoring below this (0..1). Default: the detector's `minScore`. */
  minScore?: number;
}

export interface HumanDetector {
  /** Milliseconds from require to the first (warm-up) inference done. */
  readonly loadMs: number;
  /** The labels this model can return (COCO's 80 classes). */
  readonly labels: readonly string[];
  /** One result per request, in order; the whole call fails only if the model does. */
  detect(requests: readonly DetectRequest[]): Promise<DetectOutputs[]>;
  /** Live tensors in the tfjs engine (for leak checks). */
  tensorCount(): number;
  close(): Promise<void>;
}

/** A model failure (not an input problem); retryable on another attempt or worker. */
export class DetectorError extends Error {
  override readonly name = 'DetectorError';
  readonly code = 'detector_failed';
  readonly retryable = true;
}

// Just what this file touches of Human and tfjs (their own typings pull in DOM types).
interface TfTensor {
  dispose(): void;
}
interface ModelArtifacts {
  modelTopology?: unknown;
  weightSpecs?: unknown;
  weightData?: ArrayBuffer;
}
interface TfApi {
  tensor3d(values: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): TfTensor;
  memory(): { numTensors: number };
  io: {
    registerLoadRouter(router: (url: string | string[]) => { load(): Promise<ModelArtifacts> } | null): void;
    getModelArtifactsForJSON(
      json: unknown,
      loadWeights: (manifest: WeightsManifest) => Promise<[unknown, ArrayBuffer]>,
    ): Promise<ModelArtifacts>;
  };
}
type WeightsManifest = { paths: string[]; weights: unknown[] }[];
interface HumanObject {
  score: number;
  label: string;
  boxRaw: [number, number, number, number];
}
interface HumanInstance {
  tf: TfApi;
  load(): Promise<void>;
  detect(input: TfTensor): Promise<{ object: HumanObject[]; error?: string | null }>;
  models?: { reset?(): void };
}
type HumanModule = { Human: new (config: Record<string, unknown>) => HumanInstance };

// prettier-ignore
const COCO_LABELS = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
  'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
  'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors',
  'teddy bear', 'hair drier', 'toothbrush',
] as const;

const routedDirs = new Set<string>();

/**
 * Serves `file://` model URLs under `dir` from disk. Human's wasm build loads models with
 * `fetch`, which Node cannot do for file URLs; a tfjs load router answers first, so nothing
 * reaches `fetch` (and nothing could reach the network). Registered once per folder.
 */
function routeModelFiles(tf: TfApi, dir: string): void {
  const root = path.resolve(dir);
  if (routedDirs.has(root)) return;
  routedDirs.add(root);
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = fileURLToPath(url);
    if (path.dirname(file) !== root) return null;
    return {
      async load() {
        const json: unknown = JSON.parse(await readFile(file, 'utf8'));
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs = manifest.flatMap((group) => group.weights);
          const parts = await Promise.all(
            manifest.flatMap((group) => group.paths).map((p) => readFile(path.join(root, p))),
          );
          const all = Buffer.concat(parts);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
        });
      },
    };
  });
}

/** Loads the model and runs one warm-up inference. */
export async function createHumanDetector(options: HumanDetectorOptions = {}): Promise<HumanDetector> {
  const started = performance.now();
  const humanDir = humanPackageDir();
  const modelDir = options.modelDir ?? path.join(humanDir, 'models');
  const wasmDir =
    options.wasmDir ?? path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const floor = options.minScore ?? 0.1;
  const maxInputSide = options.maxInputSide ?? 1024;

  // The package's exports map has no usable entry for the wasm build: load it by path.
  const { Human } = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as HumanModule;
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${wasmDir}${path.sep}`,
    wasmPlatformFetch: false,
    modelBasePath: `${pathToFileURL(modelDir).href}/`,
    cacheModels: false,
    // Human is built for video: it reuses the last result when a frame looks like the
    // previous one. Every request here is a different photo.
    cacheSensitivity: 0,
    skipAllowed: false,
    warmup: 'none',
    debug: false,
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
    object: {
      enabled: true,
      modelPath: options.modelFile ?? 'centernet.json',
      minConfidence: floor,
      maxDetected: options.maxDetections ?? 50,
      iouThreshold: options.iouThreshold ?? 0.4,
      skipFrames: 0,
      skipTime: 0,
    },
  });
  routeModelFiles(human.tf, modelDir);
  await human.load();

  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** One inference at a time, in arrival order. */
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  const detectOne = async (request: DetectRequest): Promise<DetectOutputs> => {
    const { image } = request;
    assertRgbImage(image);
    const area: PixelRect =
      request.region === undefined
        ? { x: 0, y: 0, width: image.width, height: image.height }
        : regionToRect(request.region, image.width, image.height);
    let input = cropImage(image, area);
    const fit = fitWithin(input.width, input.height, maxInputSide);
    if (fit.width !== input.width || fit.height !== input.height) input = resizeImage(input, fit.width, fit.height);
    const tensor = human.tf.tensor3d(input.rgb, [input.height, input.width, 3], 'int32');
    let result: Awaited<ReturnType<HumanInstance['detect']>>;
    try {
      result = await human.detect(tensor);
    } catch (error) {
      throw new DetectorError(`Detection failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      tensor.dispose();
    }
    if (result.error) throw new DetectorError(`Detection failed: ${result.error}`);
    const minScore = Math.max(floor, request.minScore ?? floor);
    const detections = result.object
      .filter((o) => o.score >= minScore)
      .map((o) => {
        const [bx, by, bw, bh] = o.boxRaw;
        // boxRaw is relative to what the model saw (the crop); map it onto the whole image.
        const box = clampRect(
          {
            x: area.x + bx * area.width,
            y: area.y + by * area.height,
            width: bw * area.width,
            height: bh * area.height,
          },
          image.width,
          image.height,
        );
        return {
          label: o.label,
          score: Math.min(1, Math.max(0, o.score)),
          box,
          normalizedBox: normalizeRect(box, image.width, image.height),
        };
      })
      .filter((d) => d.box.width > 0 && d.box.height > 0)
      .sort((a, b) => b.score - a.score);
    return { width: image.width, height: image.height, detections };
  };

  // Warm-up: the first inference compiles kernels and allocates (~2× a warm one).
  const warm = human.tf.tensor3d(new Int32Array(64 * 64 * 3).fill(128), [64, 64, 3], 'int32');
  try {
    await human.detect(warm);
  } finally {
    warm.dispose();
  }
  const loadMs = performance.now() - started;

  return {
    loadMs,
    labels: COCO_LABELS,
    detect(requests) {
      if (closed) return Promise.reject(new DetectorError('The detector is closed'));
      return serially(async () => {
        const out: DetectOutputs[] = [];
        for (const request of requests) out.push(await detectOne(request));
        return out;
      });
    },
    tensorCount: () => human.tf.memory().numTensors,
    async close() {
      closed = true;
      await queue;
      human.models?.reset?.();
    },
  };
}
