import { z } from 'zod';
import { boxSchema, mediaRefSchema } from './port-values.ts';

/**
 * What `ctx.infer` carries per model task: the request `inputs` the vision executors send
 * and the `InferResult.outputs` a backend must return. Backends (packages/inference)
 * implement against these schemas; executors validate every result with them, so a
 * backend that drifts fails loudly (`bad_model_output`) instead of feeding rules garbage.
 *
 * Conventions for every task:
 * - `media` is a stored MediaRef (claim-check); backends read the bytes from the store.
 * - Scores and confidences are 0..1 (a backend scaling 0..100, like tesseract, divides).
 * - `region` (0..1 of the image) is a hint: a backend may crop to it to save work or gain
 *   resolution, but coordinates in results are ALWAYS relative to the whole image, so the
 *   executor can apply the region again and get the same answer whether or not the
 *   backend honoured it. Classification has no coordinates: there the backend must crop.
 * - Pixel boxes are top-left x/y plus width/height in the pixels of the whole image.
 *
 * Browser-safe (zod only): the editor may show what a model task returns.
 */

export const INFERENCE_TASKS = ['detect', 'classify', 'ocr', 'sample'] as const;
export type InferenceTask = (typeof INFERENCE_TASKS)[number];

/** The registry model that samples video frames (ffmpeg); its task is `sample`. */
export const FRAME_SAMPLER_MODEL = 'ffmpeg-frame-sampler';

const unit = z.number().min(0).max(1);

/** A box in pixels of the whole image. Detectors may overshoot the edges a little: clamped later. */
export const pixelBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
});
export type PixelBox = z.infer<typeof pixelBoxSchema>;

const imageSize = {
  /** Pixel size of the whole image the boxes refer to. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
};

// ---- detect -------------------------------------------------------------------------

export const detectInputsSchema = z.object({
  media: mediaRefSchema,
  region: boxSchema.optional(),
  /** Prefilter hint; the executor filters by its own min confidence again. */
  minScore: unit.optional(),
});
export type DetectInputs = z.infer<typeof detectInputsSchema>;

export const detectOutputsSchema = z.object({
  ...imageSize,
  detections: z.array(
    z.object({
      label: z.string().min(1),
      score: unit,
      box: pixelBoxSchema,
      /** The same box as fractions of the image; derived from `box` and the size when absent. */
      normalizedBox: boxSchema.optional(),
    }),
  ),
});
export type DetectOutputs = z.infer<typeof detectOutputsSchema>;

// ---- classify -----------------------------------------------------------------------

export const classifyInputsSchema = z.object({
  media: mediaRefSchema,
  /** Classify only this part of the image (the backend crops). */
  region: boxSchema.optional(),
});
export type ClassifyInputs = z.infer<typeof classifyInputsSchema>;

export const classifyOutputsSchema = z.object({
  /** One score per label the model knows (softmax or independent sigmoids). */
  scores: z
    .array(z.object({ label: z.string().min(1), score: unit }))
    .min(1)
    .superRefine((scores, ctx) => {
      const seen = new Set<string>();
      scores.forEach((s, index) => {
        if (seen.has(s.label)) ctx.addIssue({ code: 'custom', path: [index, 'label'], message: 'duplicate label' });
        seen.add(s.label);
      });
    }),
});
export type ClassifyOutputs = z.infer<typeof classifyOutputsSchema>;

// ---- ocr ----------------------------------------------------------------------------

export const ocrInputsSchema = z.object({
  media: mediaRefSchema,
  region: boxSchema.optional(),
  /** Tesseract language code, e.g. `eng`. */
  language: z.string().min(1),
});
export type OcrInputs = z.infer<typeof ocrInputsSchema>;

export const ocrWordSchema = z.object({ text: z.string(), confidence: unit, box: pixelBoxSchema });
export type OcrWord = z.infer<typeof ocrWordSchema>;

export const ocrOutputsSchema = z
  .object({
    /** Everything read, in reading order. */
    text: z.string(),
    /** Mean confidence of the text. */
    confidence: unit,
    /** Words with boxes; when present, the executor rebuilds the text from the words it keeps. */
    words: z.array(ocrWordSchema).optional(),
    /** Pixel size of the whole image; required when words carry boxes. */
    width: imageSize.width.optional(),
    height: imageSize.height.optional(),
    /** The stored crop of the region actually read (evidence for reviewers), when the backend made one. */
    crop: mediaRefSchema.optional(),
  })
  .superRefine((out, ctx) => {
    if (out.words !== undefined && out.words.length > 0 && (out.width === undefined || out.height === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['width'], message: 'width and height are required with words' });
    }
  });
export type OcrOutputs = z.infer<typeof ocrOutputsSchema>;

// ---- sample -------------------------------------------------------------------------

export const SAMPLE_MODES = ['interval', 'scene'] as const;

export const sampleInputsSchema = z.object({
  media: mediaRefSchema,
  /**
   * `interval`: one frame every `everyMs`. `scene`: the first frame, then a frame wherever
   * the picture changes by more than `sceneThreshold`, at least `everyMs` apart.
   */
  mode: z.enum(SAMPLE_MODES).default('interval'),
  everyMs: z.number().positive(),
  startMs: z.number().nonnegative(),
  /** Hard cap: a backend returning more frames is in breach of the contract. */
  maxFrames: z.number().int().positive(),
  format: z.enum(['jpeg', 'png']),
  /** Scene-change score (0..1) above which a frame starts a new scene. */
  sceneThreshold: unit.optional(),
});
export type SampleInputs = z.infer<typeof sampleInputsSchema>;

export const sampleOutputsSchema = z.object({
  /** Frames stored in the media store (image/jpeg or image/png), in time order. */
  frames: z.array(z.object({ media: mediaRefSchema, timestampMs: z.number().nonnegative() })),
  /** The video's length, when its container tells. */
  durationMs: z.number().nonnegative().optional(),
});
export type SampleOutputs = z.infer<typeof sampleOutputsSchema>;

// ---- per task -----------------------------------------------------------------------

export const inferenceContract = {
  detect: { inputs: detectInputsSchema, outputs: detectOutputsSchema },
  classify: { inputs: classifyInputsSchema, outputs: classifyOutputsSchema },
  ocr: { inputs: ocrInputsSchema, outputs: ocrOutputsSchema },
  sample: { inputs: sampleInputsSchema, outputs: sampleOutputsSchema },
} as const;

export interface InferenceOutputsMap {
  detect: DetectOutputs;
  classify: ClassifyOutputs;
  ocr: OcrOutputs;
  sample: SampleOutputs;
}

export interface InferenceInputsMap {
  detect: DetectInputs;
  classify: ClassifyInputs;
  ocr: OcrInputs;
  sample: SampleInputs;
}
