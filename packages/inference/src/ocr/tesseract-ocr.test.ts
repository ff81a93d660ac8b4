import { extractSerial, ocrOutputsSchema } from '@conveyor/nodes/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { iou } from '../imaging/boxes.ts';
import { decodeImage, ImageDecodeError } from '../imaging/decode-image.ts';
import { encodeJpeg, encodePng } from '../imaging/encode-image.ts';
import { createRgbImage } from '../imaging/rgb-image.ts';
import {
  CLEAN,
  NOISY,
  SERIAL_FORMATS,
  makeSerial,
  noisyStyle,
  renderLabel,
  seededRandom,
} from './render-label.test-support.ts';
import { createTesseractOcr, OcrError, type TesseractOcr } from './tesseract-ocr.ts';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)]!;

describe('TesseractOcr', () => {
  let ocr: TesseractOcr;
  const fetchSpy = vi.spyOn(globalThis, 'fetch');

  beforeAll(async () => {
    ocr = await createTesseractOcr();
  }, 60_000);
  afterAll(async () => {
    fetchSpy.mockRestore();
    await ocr?.close();
  });

  it('loads the language data from the installed package, fetching nothing', () => {
    expect(ocr.languages).toEqual(['eng']);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reads ≥ 95% of 60 serials exactly (clean and noisy labels, through extractSerial)', async () => {
    const LABELS = 60;
    const CLEAN_LABELS = 15;
    const random = seededRandom(20_931);
    const tally = { clean: [0, 0], noisy: [0, 0], located: 0, secondPass: 0 };
    const times: number[] = [];
    const boxAgreement: number[] = [];
    const misses: string[] = [];
    for (let i = 0; i < LABELS; i++) {
      const format = i % 2 === 0 ? SERIAL_FORMATS.dashed : SERIAL_FORMATS.warranty;
      const serial = makeSerial(format, random);
      const clean = i < CLEAN_LABELS;
      const label = renderLabel(serial, clean ? CLEAN : noisyStyle(random, NOISY), { seed: 7_000 + i });
      // Uploads arrive as PNG or JPEG; frames and crops as pixels.
      const image = i % 3 === 0 ? encodeJpeg(label.image, 80) : i % 3 === 1 ? encodePng(label.image) : label.image;
      const t = performance.now();
      const read = await ocr.recognize({ image, serialPattern: format.pattern });
      times.push(performance.now() - t);
      // What the OCR node does with the text: extractSerial with the configured pattern.
      const exact = extractSerial(read.text, format.pattern)?.serial === serial;
      const group = clean ? tally.clean : tally.noisy;
      group[0]! += exact ? 1 : 0;
      group[1]! += 1;
      if (read.passes > 1) tally.secondPass += 1;
      if (read.serial?.serial === serial) {
        tally.located += 1;
        boxAgreement.push(iou(read.serial.box, label.serialBox));
      }
      if (!exact) misses.push(`#${i} ${serial} read ${JSON.stringify(read.text)} (${JSON.stringify(label.style)})`);
    }
    const exact = tally.clean[0]! + tally.noisy[0]!;
    console.log(
      `[ocr] load ${ocr.loadMs.toFixed(0)} ms; serial exact ${exact}/${LABELS} (${((100 * exact) / LABELS).toFixed(1)}%): ` +
        `clean ${tally.clean[0]}/${tally.clean[1]}, noisy ${tally.noisy[0]}/${tally.noisy[1]}; ` +
        `located with box ${tally.located}/${LABELS}, box IoU vs drawn p50 ${percentile(boxAgreement, 0.5).toFixed(2)} ` +
        `min ${Math.min(...boxAgreement).toFixed(2)}; second pass on ${tally.secondPass}; ` +
        `per label p50 ${percentile(times, 0.5).toFixed(0)} ms p95 ${percentile(times, 0.95).toFixed(0)} ms max ${Math.max(...times).toFixed(0)} ms`,
    );
    if (misses.length > 0) console.log(`[ocr] misses:\n${misses.join('\n')}`);
    expect(exact / LABELS).toBeGreaterThanOrEqual(0.95);
    expect(tally.located / LABELS).toBeGreaterThanOrEqual(0.95);
    // The serial's box is where the serial was drawn.
    expect(boxAgreement.filter((v) => v >= 0.5).length / boxAgreement.length).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('reads a region of a larger photo: boxes in whole-image pixels, serial crop as evidence', async () => {
    const serial = 'SN-4X7Q-20931';
    const label = renderLabel(
      serial,
      { ...CLEAN, rotationDeg: 1.5 },
      {
        seed: 1,
        scene: { width: 1000, height: 700 },
        at: { x: 520, y: 430 },
      },
    );
    const { width: W, height: H } = label.image;
    const m = 24;
    const lb = label.labelBox;
    const region = {
      x: (lb.x - m) / W,
      y: (lb.y - m) / H,
      width: (lb.width + 2 * m) / W,
      height: (lb.height + 2 * m) / H,
    };
    const read = await ocr.recognize({
      image: encodePng(label.image),
      region,
      serialPattern: SERIAL_FORMATS.dashed.pattern,
    });

    expect(read.serial?.serial).toBe(serial);
    expect(extractSerial(read.text, SERIAL_FORMATS.dashed.pattern)?.serial).toBe(serial);
    expect({ width: read.width, height: read.height }).toEqual({ width: W, height: H });
    expect(read.readBox.x).toBeGreaterThan(450);
    expect(iou(read.serial!.box, label.serialBox)).toBeGreaterThan(0.6);
    for (const w of read.words) {
      const cx = w.box.x + w.box.width / 2;
      const cy = w.box.y + w.box.height / 2;
      expect(cx).toBeGreaterThanOrEqual(read.readBox.x);
      expect(cx).toBeLessThanOrEqual(read.readBox.x + read.readBox.width);
      expect(cy).toBeGreaterThanOrEqual(read.readBox.y);
      expect(cy).toBeLessThanOrEqual(read.readBox.y + read.readBox.height);
    }
    // The evidence crop holds the serial and decodes to its stated box.
    const crop = read.crop!;
    const decoded = decodeImage(crop.png);
    expect({ width: decoded.width, height: decoded.height }).toEqual({
      width: crop.box.width,
      height: crop.box.height,
    });
    expect(crop.box.x).toBeLessThanOrEqual(read.serial!.box.x);
    expect(crop.box.x + crop.box.width).toBeGreaterThanOrEqual(read.serial!.box.x + read.serial!.box.width);
    expect(crop.box.width).toBeLessThan(read.serial!.box.width * 2);

    // The contract's shape, as the pool returns it (the crop becomes a stored MediaRef there).
    const outputs = {
      text: read.text,
      confidence: read.confidence,
      words: read.words,
      width: read.width,
      height: read.height,
    };
    expect(() => ocrOutputsSchema.parse(outputs)).not.toThrow();
    expect(read.confidence).toBeGreaterThan(0.6);
  }, 60_000);

  it('reads nothing from a blank image, and fails bad input with typed errors', async () => {
    const blank = await ocr.recognize({ image: createRgbImage(300, 120, [235, 235, 235]) });
    expect(blank).toMatchObject({ text: '', confidence: 0, words: [], serial: null });
    expect(blank.crop).toBeUndefined();

    await expect(ocr.recognize({ image: new Uint8Array(0) })).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(ocr.recognize({ image: encodePng(createRgbImage(10, 10)), language: 'deu' })).rejects.toMatchObject({
      name: 'OcrError',
      code: 'unsupported_language',
      retryable: false,
    });

    const label = renderLabel('KD20931874', CLEAN, { seed: 2 });
    const results = await ocr.recognizeMany([
      { image: label.image, serialPattern: SERIAL_FORMATS.warranty.pattern, crop: false },
      { image: new TextEncoder().encode('not an image') },
    ]);
    expect((results[0] as { serial: { serial: string } | null }).serial?.serial).toBe('KD20931874');
    expect(results[1]).toBeInstanceOf(ImageDecodeError);
    expect((results[1] as ImageDecodeError).code).toBe('unsupported_format');
  }, 60_000);

  it('refuses work once closed', async () => {
    const other = await createTesseractOcr();
    await other.close();
    await expect(other.recognize({ image: createRgbImage(10, 10) })).rejects.toBeInstanceOf(OcrError);
  }, 60_000);
});
