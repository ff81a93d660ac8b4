import { assertRgbImage, type RgbImage } from '../imaging/index.ts';
import { resizeRgb, type Region } from './resize.ts';

/** One image to classify; `region` (fractions of the image) crops before resizing. */
export interface ClassifierInput extends RgbImage {
  region?: Region;
}

/** The classify contract's outputs (`ClassifyOutputs` in @conveyor/nodes). */
export interface ClassifierOutput {
  scores: { label: string; score: number }[];
}

/** The parts of `model.json` that shape the tensors (see `classifierManifestSchema`). */
export interface ClassifierTensorSpec {
  labels: readonly string[];
  input: {
    width: number;
    height: number;
    scale: number;
    mean: readonly [number, number, number];
    std: readonly [number, number, number];
  };
  output: { activation: 'softmax' | 'sigmoid' };
  derivedScores?: Record<string, { sumOf: string[] }> | undefined;
}

/**
 * A classifier's input and output as the manifest (`model.json`) describes them, apart from
 * where the model runs: ONNX Runtime in-process, or a remote server (Open Inference Protocol).
 */

/**
 * The model's input for a batch: each image cropped to its region, resized to the input
 * size, scaled and normalised, planar (N×3×H×W float32).
 */
export function preprocessBatch(manifest: ClassifierTensorSpec, images: readonly ClassifierInput[]): Float32Array {
  const { width, height, scale, mean, std } = manifest.input;
  const plane = width * height;
  const out = new Float32Array(images.length * 3 * plane);
  const mul = [scale / std[0], scale / std[1], scale / std[2]];
  const add = [-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]];
  images.forEach((image, n) => {
    assertRgbImage(image, `images[${n}]`);
    const resized =
      image.width === width && image.height === height && image.region === undefined
        ? image.rgb
        : resizeRgb(image, width, height, image.region);
    const base = n * 3 * plane;
    for (let c = 0; c < 3; c++) {
      const m = mul[c]!;
      const a = add[c]!;
      const offset = base + c * plane;
      for (let p = 0; p < plane; p++) out[offset + p] = resized[p * 3 + c]! * m + a;
    }
  });
  return out;
}

/**
 * The batch as raw pixels, N×H×W×3 uint8 (NHWC): each image cropped and resized exactly as
 * `preprocessBatch` does, before scaling and normalising — for servers that normalise
 * themselves (a Triton ensemble), at a quarter of the bytes on the wire.
 */
export function pixelBatch(manifest: ClassifierTensorSpec, images: readonly ClassifierInput[]): Uint8Array {
  const { width, height } = manifest.input;
  const size = width * height * 3;
  const out = new Uint8Array(images.length * size);
  images.forEach((image, n) => {
    assertRgbImage(image, `images[${n}]`);
    out.set(
      image.width === width && image.height === height && image.region === undefined
        ? image.rgb
        : resizeRgb(image, width, height, image.region),
      n * size,
    );
  });
  return out;
}

/** Per image: the activated score of every label, then the derived scores (e.g. `defect`). */
export function scoresFromLogits(
  manifest: ClassifierTensorSpec,
  logits: Float32Array,
  batch: number,
  withDerived = true,
): ClassifierOutput[] {
  const labels = manifest.labels;
  const k = labels.length;
  if (logits.length !== batch * k) {
    throw new Error(`Expected ${batch}×${k} scores from the model, got ${logits.length}`);
  }
  const derived = withDerived
    ? Object.entries(manifest.derivedScores ?? {}).map(
        ([label, spec]) => [label, spec.sumOf.map((l) => labels.indexOf(l))] as const,
      )
    : [];
  const results: ClassifierOutput[] = [];
  for (let n = 0; n < batch; n++) {
    const probs = activate(manifest.output.activation, logits.subarray(n * k, (n + 1) * k));
    const scores = labels.map((label, i) => ({ label, score: probs[i]! }));
    for (const [label, indices] of derived) {
      scores.push({
        label,
        score: Math.min(
          1,
          indices.reduce((sum, i) => sum + probs[i]!, 0),
        ),
      });
    }
    results.push({ scores });
  }
  return results;
}

function activate(kind: 'softmax' | 'sigmoid', logits: Float32Array): number[] {
  if (kind === 'sigmoid') return Array.from(logits, (v) => 1 / (1 + Math.exp(-v)));
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => Math.min(1, e / sum));
}
