import { describe, expect, it } from 'vitest';
import { mediaRef, scriptedModel } from '../detector/vision.test-support.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { textResultSchema } from '../sdk/port-values.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { combineReadings, readImage } from './ocr.execute.ts';
import { ocrDefinition } from './ocr.definition.ts';
import { ocrExecutor } from './ocr.execute.ts';

const SERIAL = '[A-Z]{2}[0-9]{8}';
const word = (text: string, confidence: number, x = 10, y = 10) => ({
  text,
  confidence,
  box: { x, y, width: 40, height: 10 },
});

async function run(config: unknown, answers: Record<string, unknown>) {
  const model = scriptedModel((_req, id) => answers[id], { version: '5.3.0' });
  const media = Object.keys(answers).map((id) => mediaRef(id));
  const ctx = createFakeNodeContext(ocrDefinition, { config, inputs: { media }, infer: model.infer });
  const result = await ocrExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('ocr never suspends');
  return { result, model };
}

const options = { minConfidence: 0.6, regionOfInterest: undefined, serialPattern: SERIAL };

describe('readImage', () => {
  it('keeps the backend text when every word passes', () => {
    const reading = readImage(
      'm',
      {
        text: 'S/N\nAB12345678',
        confidence: 0.9,
        words: [word('S/N', 0.8), word('AB12345678', 0.9)],
        width: 100,
        height: 100,
      },
      options,
    );
    expect(reading).toMatchObject({ text: 'S/N\nAB12345678', serial: 'AB12345678', serialRaw: 'AB12345678' });
    expect(reading.confidence).toBeCloseTo(0.85);
  });

  it('leaves out words under the minimum confidence and rebuilds the text', () => {
    const reading = readImage(
      'm',
      {
        text: 'junk AB12345678',
        confidence: 0.6,
        words: [word('junk', 0.2), word('AB12345678', 0.9)],
        width: 100,
        height: 100,
      },
      options,
    );
    expect(reading).toMatchObject({ text: 'AB12345678', confidence: 0.9, serial: 'AB12345678' });
  });

  it('leaves out words centred outside the region', () => {
    const reading = readImage(
      'm',
      {
        text: 'left AB12345678',
        confidence: 0.9,
        words: [word('left', 0.9, 0, 0), word('AB12345678', 0.9, 60, 50)],
        width: 100,
        height: 100,
      },
      { ...options, regionOfInterest: { x: 0.5, y: 0.4, width: 0.5, height: 0.6 } },
    );
    expect(reading.text).toBe('AB12345678');
  });

  it('treats text without words as one unit', () => {
    expect(readImage('m', { text: ' AB12345678 ', confidence: 0.7 }, options)).toMatchObject({
      text: 'AB12345678',
      confidence: 0.7,
      serial: 'AB12345678',
    });
    expect(readImage('m', { text: 'AB12345678', confidence: 0.5 }, options)).toMatchObject({
      text: '',
      confidence: 0,
      serial: null,
    });
  });

  it('corrects look-alikes in the serial and keeps what was read', () => {
    expect(readImage('m', { text: 'SN AB1234S67O', confidence: 0.8 }, options)).toMatchObject({
      serial: 'AB12345670',
      serialRaw: 'AB1234S67O',
    });
  });

  it('has no serial without a pattern', () => {
    expect(
      readImage('m', { text: 'AB12345678', confidence: 0.8 }, { ...options, serialPattern: undefined }).serial,
    ).toBeNull();
  });
});

describe('combineReadings', () => {
  const r = (mediaId: string, text: string, confidence: number, serial: string | null) => ({
    mediaId,
    text,
    confidence,
    serial,
    serialRaw: serial,
    crop: undefined,
  });

  it('takes the serial from the most confident image that has one', () => {
    const { best, text } = combineReadings([
      r('a', 'hello', 0.99, null),
      r('b', 'AB1', 0.7, 'AB1'),
      r('c', 'AB2', 0.8, 'AB2'),
      r('d', '', 0, null),
    ]);
    expect(best?.mediaId).toBe('c');
    expect(text).toBe('hello\nAB1\nAB2');
  });

  it('without a serial, picks the most confident reading', () => {
    expect(combineReadings([r('a', 'x', 0.5, null), r('b', 'y', 0.7, null)]).best?.mediaId).toBe('b');
    expect(combineReadings([r('a', '', 0, null)]).best).toBeUndefined();
  });
});

describe('ocr executor', () => {
  it('reads every image and outputs text, serial, confidence and crop with the model version', async () => {
    const crop = mediaRef('crop-b', 'image/png');
    const { result, model } = await run(
      { serialPattern: SERIAL, language: 'eng' },
      {
        a: { text: 'Thank you for your purchase', confidence: 0.95 },
        b: { text: 'S/N AB1234567O', confidence: 0.82, crop },
      },
    );
    expect(model.calls.map((c) => [c.model, c.inputs])).toEqual([
      ['tesseract-eng', { media: mediaRef('a'), language: 'eng' }],
      ['tesseract-eng', { media: mediaRef('b'), language: 'eng' }],
    ]);
    const text = textResultSchema.parse(result.outputs.text);
    expect(text).toEqual({
      model: { name: 'tesseract-eng', version: '5.3.0' },
      text: 'Thank you for your purchase\nS/N AB1234567O',
      confidence: 0.82,
      serial: 'AB12345670',
      crop,
    });
    expect(result.outputs.text).toMatchObject({ frames: 2, framesWithHits: 1, mediaId: 'b', serialRaw: 'AB1234567O' });
  });

  it('outputs a null serial and the best confidence when none is found', async () => {
    const { result } = await run({ serialPattern: SERIAL }, { a: { text: 'blurry', confidence: 0.65 } });
    expect(result.outputs.text).toMatchObject({ text: 'blurry', serial: null, confidence: 0.65, mediaId: 'a' });
    expect(result.outputs.text).not.toHaveProperty('serialRaw');
  });

  it('passes the region of interest to the backend', async () => {
    const region = { x: 0.6, y: 0.8, width: 0.4, height: 0.2 };
    const { model } = await run({ regionOfInterest: region }, { a: { text: '', confidence: 0 } });
    expect(model.calls[0]?.inputs).toEqual({ media: mediaRef('a'), language: 'eng', region });
  });

  it('fails with bad_model_output on a tesseract-style 0..100 confidence', async () => {
    const error = await run({}, { a: { text: 'x', confidence: 87 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('bad_model_output');
  });
});
