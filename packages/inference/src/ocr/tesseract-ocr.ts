import { createRequire } from 'node:module';
import path from 'node:path';
import type { Box, OcrWord, PixelBox } from '@conveyor/nodes';
import Tesseract from 'tesseract.js';
import { fromCropFrame, padRect, regionToRect, unionRects } from '../imaging/boxes.ts';
import { decodeImage, type DecodeImageOptions } from '../imaging/decode-image.ts';
import { encodePng } from '../imaging/encode-image.ts';
import { assertRgbImage, type PixelRect, type RgbImage } from '../imaging/rgb-image.ts';
import { applyGamma, cropImage, resizeImage, toGrey } from '../imaging/transform-image.ts';
import { locateSerial, type LocatedSerial, type OcrLine } from './locate-serial.ts';

/**
 * OCR on tesseract.js (WebAssembly, LSTM engine), kept warm: the workers and their
 * language data load once and serve every request. Traineddata comes from an installed
 * package folder (`@tesseract.js-data/eng`), never from the network, and nothing is cached
 * to disk. Results follow the inference contract's `ocr` task: text, 0..1 confidences, and
 * words with pixel boxes of the whole image even when only a region was read.
 */

const require = createRequire(import.meta.url);

/** `@tesseract.js-data/eng`'s integer LSTM model (what tesseract.js itself would fetch). */
export function defaultLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface TesseractOcrOptions {
  /** Language codes to load; each needs `<code>.traineddata.gz` in `langPath`. Default `['eng']`. */
  languages?: readonly string[];
  /** Folder with the gzipped traineddata. Default: `@tesseract.js-data/eng`'s `4.0.0_best_int`. */
  langPath?: string;
  /** Worker threads; each holds its own copy of the model. Default 1. */
  workers?: number;
  /** Tesseract page segmentation mode when the request names none. Default '3' (automatic). */
  pageSegMode?: string;
  /**
   * Reads whose longer side is below this many pixels are enlarged 2× first: tesseract's
   * LSTM wants glyphs ~30 px tall, labels in photos are often smaller. Default 1200; 0 = never.
   */
  upscaleBelow?: number;
  /**
   * A first reading with no words, a mean confidence under this, or (with a serial pattern)
   * no serial is read again with the mid-tones darkened; the better reading is kept. Faint
   * print beside a dark surface otherwise falls on the wrong side of tesseract's global
   * threshold and nothing is read at all. Default 0.6; 0 turns the second pass off.
   */
  retryBelow?: number;
  /** Further tesseract parameters, set on every worker. */
  parameters?: Readonly<Record<string, string>>;
  /** A reading taking longer fails (retryable) and its worker is replaced. Default 30 s. */
  timeoutMs?: number;
  decode?: DecodeImageOptions;
}

export interface OcrRequest {
  /** Encoded PNG/JPEG bytes, or decoded pixels. */
  image: Uint8Array | RgbImage;
  /** Read only this part (fractions of the image); boxes still refer to the whole image. */
  region?: Box;
  /** Must be one of the loaded languages. Default: the first loaded. */
  language?: string;
  /** Find a serial with this pattern (`extractSerial`'s rules) and box its characters. */
  serialPattern?: string | RegExp;
  /** Page segmentation mode for this request, e.g. '6' for a crop holding one block of text. */
  pageSegMode?: string;
  /** Return a PNG crop as evidence (around the serial, else around the words read). Default true. */
  crop?: boolean;
}

export interface OcrCrop {
  /** Pixels of the whole image the crop shows. */
  box: PixelBox;
  png: Uint8Array;
}

export interface OcrRecognition {
  /** Everything read, in reading order, lines separated by newlines. */
  text: string;
  /** Mean word confidence, 0..1 (0 when nothing was read). */
  confidence: number;
  words: OcrWord[];
  /** Pixel size of the whole image the boxes refer to. */
  width: number;
  height: number;
  /** The pixels that were read: the region, or the whole image. */
  readBox: PixelBox;
  /** With `serialPattern`: the serial and where its characters are; null when none was read. */
  serial: LocatedSerial | null;
  /** Evidence (unless `crop: false`): around the serial, else the words; absent when nothing was read. */
  crop?: OcrCrop;
  /** Readings made: 1, or 2 when the first was poor (see `retryBelow`). */
  passes: number;
  timings: { decodeMs: number; recognizeMs: number };
}

export type OcrErrorCode = 'unsupported_language' | 'ocr_timeout' | 'ocr_failed' | 'ocr_closed';

/** An OCR failure; `retryable` says whether the same request may work later. */
export class OcrError extends Error {
  override readonly name = 'OcrError';
  constructor(
    readonly code: OcrErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface TesseractOcr {
  readonly languages: readonly string[];
  /** Milliseconds the workers took to start and load their language data. */
  readonly loadMs: number;
  recognize(request: OcrRequest): Promise<OcrRecognition>;
  /** Many requests spread over the workers; one failure does not fail the rest. */
  recognizeMany(requests: readonly OcrRequest[]): Promise<(OcrRecognition | Error)[]>;
  close(): Promise<void>;
}

interface Slot {
  worker: Tesseract.Worker;
  pageSegMode: string;
}

interface Reading {
  lines: OcrLine[];
  text: string;
  confidence: number;
  serial: LocatedSerial | null;
}

/** Starts the workers and loads the language data (warm from here on). */
export async function createTesseractOcr(options: TesseractOcrOptions = {}): Promise<TesseractOcr> {
  const languages = [...(options.languages ?? ['eng'])];
  if (languages.length === 0) throw new TypeError('createTesseractOcr: at least one language');
  const langPath = options.langPath ?? defaultLangPath();
  const workerCount = Math.max(1, Math.floor(options.workers ?? 1));
  const defaultPsm = options.pageSegMode ?? '3';
  const upscaleBelow = options.upscaleBelow ?? 1200;
  const retryBelow = options.retryBelow ?? 0.6;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const startSlot = async (): Promise<Slot> => {
    const worker = await Tesseract.createWorker(languages.join('+'), Tesseract.OEM.LSTM_ONLY, {
      langPath,
      cacheMethod: 'none',
      gzip: true,
      // Without a handler tesseract.js rethrows a failed job inside its message listener,
      // which takes the whole process down; the job's promise rejects either way.
      errorHandler: () => {},
    });
    await worker.setParameters({
      tessedit_pageseg_mode: defaultPsm as Tesseract.PSM,
      // Our inputs carry no DPI; saying so stops tesseract guessing (and warning) per image.
      user_defined_dpi: '300',
      // The core prints diagnostics ("Image too small to scale!!") to stdout otherwise.
      debug_file: '/dev/null',
      ...options.parameters,
    });
    return { worker, pageSegMode: defaultPsm };
  };

  const started = performance.now();
  const idle: Slot[] = await Promise.all(Array.from({ length: workerCount }, startSlot));
  const loadMs = performance.now() - started;
  const waiting: { resolve: (slot: Slot) => void; reject: (error: Error) => void }[] = [];
  let closed = false;
  const closedError = () => new OcrError('ocr_closed', 'The OCR backend is closed', false);

  const acquire = (): Promise<Slot> => {
    if (closed) return Promise.reject(closedError());
    const slot = idle.pop();
    return slot !== undefined
      ? Promise.resolve(slot)
      : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const release = (slot: Slot) => {
    if (closed) {
      void slot.worker.terminate().catch(() => {});
      return;
    }
    const next = waiting.shift();
    if (next !== undefined) next.resolve(slot);
    else idle.push(slot);
  };
  /** A stuck or crashed worker is dropped and a fresh one takes its place. */
  const replace = (slot: Slot) => {
    void slot.worker.terminate().catch(() => {});
    if (closed) return;
    startSlot().then(release, () => {
      // Could not start one now: requests wait for the remaining workers.
    });
  };

  const read = async (png: Uint8Array, pageSegMode: string): Promise<Tesseract.Page> => {
    const slot = await acquire();
    let timer: NodeJS.Timeout | undefined;
    let healthy = true;
    try {
      if (slot.pageSegMode !== pageSegMode) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: pageSegMode as Tesseract.PSM });
        slot.pageSegMode = pageSegMode;
      }
      const job = slot.worker.recognize(
        Buffer.from(png.buffer, png.byteOffset, png.byteLength),
        {},
        {
          text: true,
          blocks: true,
        },
      );
      const result = await Promise.race([
        job,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            healthy = false;
            reject(new OcrError('ocr_timeout', `OCR took longer than ${timeoutMs} ms`, true));
          }, timeoutMs);
        }),
      ]);
      return result.data;
    } catch (error) {
      if (error instanceof OcrError) throw error;
      throw new OcrError(
        'ocr_failed',
        `Tesseract failed: ${error instanceof Error ? error.message : String(error)}`,
        true,
        {
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
      if (healthy) release(slot);
      else replace(slot);
    }
  };

  const recognize = async (request: OcrRequest): Promise<OcrRecognition> => {
    const language = request.language ?? languages[0]!;
    if (!languages.includes(language)) {
      throw new OcrError(
        'unsupported_language',
        `Language "${language}" is not loaded (loaded: ${languages.join(', ')})`,
        false,
      );
    }
    const t0 = performance.now();
    const image = request.image instanceof Uint8Array ? decodeImage(request.image, options.decode) : request.image;
    assertRgbImage(image);
    const readBox: PixelRect =
      request.region === undefined
        ? { x: 0, y: 0, width: image.width, height: image.height }
        : regionToRect(request.region, image.width, image.height);
    let grey = toGrey(cropImage(image, readBox));
    const scale = upscaleBelow > 0 && Math.max(grey.width, grey.height) < upscaleBelow ? 2 : 1;
    if (scale !== 1) grey = resizeImage(grey, grey.width * scale, grey.height * scale);
    const t1 = performance.now();

    const pageSegMode = request.pageSegMode ?? defaultPsm;
    const readAs = async (input: RgbImage): Promise<Reading> => {
      const page = await read(encodePng(input, { deflateLevel: 1 }), pageSegMode);
      const lines = linesOf(page, readBox, scale);
      const words = lines.flatMap((l) => l.words);
      return {
        lines,
        text: words.length === 0 ? '' : page.text.trim(),
        confidence: words.length === 0 ? 0 : clamp01(page.confidence / 100),
        serial: request.serialPattern === undefined ? null : locateSerial(lines, request.serialPattern),
      };
    };
    const poor = (r: Reading) =>
      r.lines.length === 0 || r.confidence < retryBelow || (request.serialPattern !== undefined && r.serial === null);

    let best = await readAs(grey);
    let passes = 1;
    if (retryBelow > 0 && poor(best)) {
      const second = await readAs(applyGamma(grey, 2));
      passes = 2;
      if (better(second, best)) best = second;
    }
    const t2 = performance.now();

    const words: OcrWord[] = best.lines.flatMap((l) =>
      l.words.map(({ text, confidence, box }) => ({ text, confidence, box })),
    );
    const recognition: OcrRecognition = {
      text: best.text,
      confidence: best.confidence,
      words,
      width: image.width,
      height: image.height,
      readBox,
      serial: best.serial,
      passes,
      timings: { decodeMs: t1 - t0, recognizeMs: t2 - t1 },
    };
    if (request.crop !== false) {
      const crop = evidenceCrop(image, best.serial, words);
      if (crop !== undefined) recognition.crop = crop;
    }
    return recognition;
  };

  return {
    languages,
    loadMs,
    recognize,
    async recognizeMany(requests) {
      const settled = await Promise.allSettled(requests.map((r) => recognize(r)));
      return settled.map((s) =>
        s.status === 'fulfilled' ? s.value : s.reason instanceof Error ? s.reason : new Error(String(s.reason)),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const waiter of waiting.splice(0)) waiter.reject(closedError());
      // Busy workers are terminated as they finish (see release).
      await Promise.all(idle.splice(0).map((s) => s.worker.terminate().catch(() => {})));
    },
  };
}

/** A serial beats none; otherwise the more confident reading wins. */
function better(a: Reading, b: Reading): boolean {
  if ((a.serial === null) !== (b.serial === null)) return a.serial !== null;
  return a.confidence > b.confidence;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

function toRect(bbox: Tesseract.Bbox, readBox: PixelRect, scale: number): PixelRect {
  return fromCropFrame({ x: bbox.x0, y: bbox.y0, width: bbox.x1 - bbox.x0, height: bbox.y1 - bbox.y0 }, readBox, scale);
}

/** Tesseract's block → paragraph → line → word tree, as lines of words in whole-image pixels. */
function linesOf(page: Tesseract.Page, readBox: PixelRect, scale: number): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({
            text: w.text.trim(),
            confidence: clamp01(w.confidence / 100),
            box: toRect(w.bbox, readBox, scale),
            symbols: (w.symbols ?? []).map((s) => ({ text: s.text, box: toRect(s.bbox, readBox, scale) })),
          }));
        if (words.length > 0) lines.push({ words });
      }
    }
  }
  return lines;
}

/** Evidence for a reviewer: the serial with some margin, else the text that was read. */
function evidenceCrop(image: RgbImage, serial: LocatedSerial | null, words: readonly OcrWord[]): OcrCrop | undefined {
  const target = serial?.box ?? unionRects(words.map((w) => w.box));
  if (target === undefined) return undefined;
  // Half a line of margin keeps the characters' surroundings visible.
  const pad = Math.max(4, Math.round((serial?.box.height ?? 16) * 0.5));
  const box = padRect(target, pad, image.width, image.height);
  if (box.width <= 0 || box.height <= 0) return undefined;
  return { box, png: encodePng(cropImage(image, box)) };
}
