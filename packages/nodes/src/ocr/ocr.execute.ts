import { centerInRegion, normalizeBox } from '../detector/boxes.ts';
import { inferEach } from '../detector/vision-inference.ts';
import { defineExecutor } from '../sdk/executor.ts';
import type { OcrOutputs } from '../sdk/inference-contract.ts';
import type { Box, MediaRef, TextResult } from '../sdk/port-values.ts';
import { ocrDefinition } from './ocr.definition.ts';
import { extractSerial } from './serial.ts';

/** One image's reading after the node's filters. */
export interface ImageReading {
  mediaId: string;
  text: string;
  /** Mean confidence of the kept words (or the backend's when it gave no words); 0 when nothing was kept. */
  confidence: number;
  serial: string | null;
  /** The serial as read, before look-alike corrections. */
  serialRaw: string | null;
  crop: MediaRef | undefined;
}

/** Beside the schema's fields: where the serial came from and what OCR actually read. */
export interface TextSummary {
  frames: number;
  /** Images in which a serial was found. */
  framesWithHits: number;
  /** The image the serial (or, without one, the best text) was read from. */
  mediaId: string | null;
  /** Present when look-alike characters were corrected, e.g. `AB1234S67O` for `AB12345670`. */
  serialRaw?: string;
}

export interface ReadOptions {
  minConfidence: number;
  regionOfInterest: Box | undefined;
  serialPattern: string | undefined;
}

/**
 * One image's OCR result through the node's filters. With words: those under the minimum
 * confidence or centred outside the region are left out and the text is rebuilt from the
 * rest (the backend's own text, line breaks included, is kept when nothing was left out).
 * Without words, the text is one unit: kept or left out by its confidence.
 */
export function readImage(mediaId: string, outputs: OcrOutputs, options: ReadOptions): ImageReading {
  let text: string;
  let confidence: number;
  const words = outputs.words;
  if (words !== undefined && words.length > 0) {
    const width = outputs.width ?? 1;
    const height = outputs.height ?? 1;
    const kept = words.filter(
      (w) =>
        w.confidence >= options.minConfidence &&
        w.text.trim() !== '' &&
        centerInRegion(normalizeBox(w.box, width, height), options.regionOfInterest),
    );
    text = kept.length === words.length ? outputs.text.trim() : kept.map((w) => w.text.trim()).join(' ');
    confidence = kept.length === 0 ? 0 : kept.reduce((sum, w) => sum + w.confidence, 0) / kept.length;
  } else if (outputs.confidence >= options.minConfidence && outputs.text.trim() !== '') {
    text = outputs.text.trim();
    confidence = outputs.confidence;
  } else {
    text = '';
    confidence = 0;
  }
  const match = options.serialPattern === undefined || text === '' ? null : extractSerial(text, options.serialPattern);
  return {
    mediaId,
    text,
    confidence,
    serial: match?.serial ?? null,
    serialRaw: match?.raw ?? null,
    crop: outputs.crop,
  };
}

/**
 * The step's answer over all images: the serial from the most confident image that has
 * one (ties: the earlier image), all texts joined in input order, and that image's
 * confidence and crop — or, without a serial, those of the most confident reading.
 */
export function combineReadings(readings: readonly ImageReading[]): {
  best: ImageReading | undefined;
  text: string;
} {
  const pick = (list: readonly ImageReading[]) =>
    list.reduce<ImageReading | undefined>(
      (best, r) => (best === undefined || r.confidence > best.confidence ? r : best),
      undefined,
    );
  const withSerial = readings.filter((r) => r.serial !== null);
  const best = withSerial.length > 0 ? pick(withSerial) : pick(readings.filter((r) => r.text !== ''));
  return {
    best,
    text: readings
      .map((r) => r.text)
      .filter((t) => t !== '')
      .join('\n'),
  };
}

export const ocrExecutor = defineExecutor(ocrDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  const region = config.regionOfInterest;
  const results = await inferEach(
    ctx,
    'ocr',
    { model: config.model, version: config.modelVersion },
    inputs.media,
    (media) => ({ media, language: config.language, ...(region === undefined ? {} : { region }) }),
  );
  const readings = results.map((r) =>
    readImage(r.media.mediaId, r.outputs, {
      minConfidence: config.minConfidence,
      regionOfInterest: region,
      serialPattern: config.serialPattern,
    }),
  );
  const { best, text } = combineReadings(readings);
  const corrected = best?.serial != null && best.serialRaw !== best.serial;
  const result: TextResult & TextSummary = {
    model: results[0]!.model,
    text,
    confidence: best?.confidence ?? 0,
    serial: best?.serial ?? null,
    ...(best?.crop === undefined ? {} : { crop: best.crop }),
    frames: readings.length,
    framesWithHits: readings.filter((r) => r.serial !== null).length,
    mediaId: best?.mediaId ?? null,
    ...(corrected && best?.serialRaw != null ? { serialRaw: best.serialRaw } : {}),
  };
  ctx.logger.info('ocr finished', {
    model: result.model,
    images: readings.length,
    serialFound: result.serial !== null,
    serialCorrected: corrected,
  });
  return { outputs: { text: result } };
});
