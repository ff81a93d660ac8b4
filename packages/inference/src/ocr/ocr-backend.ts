import { z } from 'zod';
import { ocrInputsSchema, ocrOutputsSchema, type OcrOutputs } from '@conveyor/nodes';
import { BadInferenceInputError, type PoolItem } from '../detector/detector-backend.ts';
import {
  createTesseractOcr,
  type OcrRecognition,
  type TesseractOcr,
  type TesseractOcrOptions,
} from './tesseract-ocr.ts';

export interface TesseractOcrBackendOptions extends TesseractOcrOptions {
  /** Registry name and version this backend serves. Defaults `tesseract-eng`, `1.0.0`. */
  model?: string;
  version?: string;
  /** Most requests per `run`. Default 2 per worker. */
  maxBatch?: number;
}

/**
 * The contract's `ocr` inputs, plus an optional `serialPattern`: with it the evidence crop
 * is cut around the serial instead of around all the text read.
 */
const ocrParamsSchema = ocrInputsSchema.omit({ media: true }).extend({
  serialPattern: z
    .string()
    .min(1)
    .refine((pattern) => {
      try {
        new RegExp(pattern, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
});

/**
 * Tesseract as a pool backend (`task: 'ocr'`, `backend: 'tesseract'`). Each reading's crop
 * (around the serial when a pattern was given, else around the text) is stored through
 * `putMedia` as a PNG and returned as the contract's `crop`.
 */
export function createTesseractOcrBackend(options: TesseractOcrBackendOptions = {}) {
  let loading: Promise<TesseractOcr> | undefined;
  const ocr = () => {
    loading ??= createTesseractOcr(options);
    loading.catch(() => (loading = undefined));
    return loading;
  };
  return {
    model: options.model ?? 'tesseract-eng',
    version: options.version ?? '1.0.0',
    task: 'ocr' as const,
    backend: 'tesseract',
    maxBatch: options.maxBatch ?? 2 * Math.max(1, options.workers ?? 1),
    async load(): Promise<void> {
      await ocr();
    },
    async run(items: PoolItem[]): Promise<(OcrOutputs | Error)[]> {
      const engine = await ocr();
      const readings = await Promise.all(
        items.map(async (item): Promise<OcrRecognition | Error> => {
          const params = ocrParamsSchema.safeParse(item.params);
          if (!params.success) return new BadInferenceInputError(`Bad ocr parameters: ${params.error.message}`);
          const [reading] = await engine.recognizeMany([
            {
              image: item.bytes,
              language: params.data.language,
              ...(params.data.region === undefined ? {} : { region: params.data.region }),
              ...(params.data.serialPattern === undefined ? {} : { serialPattern: params.data.serialPattern }),
            },
          ]);
          return reading!;
        }),
      );
      return Promise.all(
        readings.map(async (reading, i) => {
          if (reading instanceof Error) return reading;
          const crop = reading.crop === undefined ? undefined : await items[i]!.putMedia(reading.crop.png, 'image/png');
          return ocrOutputsSchema.parse({
            text: reading.text,
            confidence: reading.confidence,
            words: reading.words,
            width: reading.width,
            height: reading.height,
            ...(crop === undefined ? {} : { crop }),
          });
        }),
      );
    },
  };
}
