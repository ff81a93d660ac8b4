import { describe, expect, it } from 'vitest';
import { NonRetriableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { detectionsSchema } from '../sdk/port-values.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { detectorDefinition } from './detector.definition.ts';
import { detectorExecutor, selectDetections } from './detector.execute.ts';
import { mediaRef, scriptedModel } from './vision.test-support.ts';

const W = 1000;
const H = 500;
const det = (label: string, score: number, x: number, y: number, w = 100, h = 100) => ({
  label,
  score,
  box: { x, y, width: w, height: h },
});

async function run(
  config: unknown,
  answers: Record<string, unknown>,
  media = Object.keys(answers).map((id) => mediaRef(id)),
) {
  const model = scriptedModel((_req, id) => answers[id], { version: '3.1.0' });
  const ctx = createFakeNodeContext(detectorDefinition, { config, inputs: { media }, infer: model.infer });
  const result = await detectorExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('detector never suspends');
  return { result, model, ctx };
}

describe('selectDetections', () => {
  const outputs = {
    width: W,
    height: H,
    detections: [
      det('laptop', 0.9, 100, 100),
      det('Cell Phone', 0.6, 800, 50),
      det('person', 0.95, 0, 0),
      det('laptop', 0.3, 500, 250),
      {
        label: 'mouse',
        score: 0.7,
        box: { x: 0, y: 0, width: 1, height: 1 },
        normalizedBox: { x: 0.5, y: 0.5, width: 0.8, height: 0.1 },
      },
    ],
  };
  const base = { classes: [], minConfidence: 0.4, maxDetections: 100, regionOfInterest: undefined };

  it('normalises boxes, drops low scores and sorts best first', () => {
    const items = selectDetections('m1', outputs, base);
    expect(items.map((d) => [d.label, d.score])).toEqual([
      ['person', 0.95],
      ['laptop', 0.9],
      ['mouse', 0.7],
      ['Cell Phone', 0.6],
    ]);
    expect(items[1]).toEqual({
      mediaId: 'm1',
      label: 'laptop',
      score: 0.9,
      box: { x: 0.1, y: 0.2, width: 0.1, height: 0.2 },
    });
    // A normalised box from the backend wins over the pixels, clipped to the image.
    expect(items[2]?.box.x).toBe(0.5);
    expect(items[2]?.box.width).toBeCloseTo(0.5, 12);
  });

  it('keeps only the configured classes, case-insensitively', () => {
    const items = selectDetections('m1', outputs, { ...base, classes: ['laptop', 'cell phone'] });
    expect(items.map((d) => d.label)).toEqual(['laptop', 'Cell Phone']);
  });

  it('keeps detections centred in the region of interest', () => {
    const items = selectDetections('m1', outputs, {
      ...base,
      regionOfInterest: { x: 0.5, y: 0, width: 0.5, height: 0.6 },
    });
    expect(items.map((d) => d.label)).toEqual(['mouse', 'Cell Phone']);
  });

  it('caps the number per image', () => {
    expect(selectDetections('m1', outputs, { ...base, maxDetections: 2 }).map((d) => d.label)).toEqual([
      'person',
      'laptop',
    ]);
  });
});

describe('detector executor', () => {
  it('runs the configured model on every image and outputs typed detections with the model version', async () => {
    const { result, model, ctx } = await run(
      { model: 'coco-detector', modelVersion: '3.1.0', classes: ['laptop'], minConfidence: 0.5 },
      {
        a: { width: W, height: H, detections: [det('laptop', 0.8, 100, 100), det('person', 0.99, 0, 0)] },
        b: { width: W, height: H, detections: [det('laptop', 0.45, 0, 0)] },
        c: { width: W, height: H, detections: [det('laptop', 0.7, 0, 0)] },
      },
    );
    expect(model.calls.map((c) => c.inputs)).toEqual([
      { media: mediaRef('a'), minScore: 0.5 },
      { media: mediaRef('b'), minScore: 0.5 },
      { media: mediaRef('c'), minScore: 0.5 },
    ]);
    expect(model.calls.every((c) => c.model === 'coco-detector' && c.version === '3.1.0')).toBe(true);
    const detections = detectionsSchema.parse(result.outputs.detections);
    expect(detections.model).toEqual({ name: 'coco-detector', version: '3.1.0' });
    expect(detections.items.map((d) => [d.mediaId, d.label, d.score])).toEqual([
      ['a', 'laptop', 0.8],
      ['c', 'laptop', 0.7],
    ]);
    expect(result.outputs.detections).toMatchObject({ frames: 3, framesWithHits: 2, maxScore: 0.8 });
    expect(ctx.logs.find((l) => l.message === 'detector finished')?.fields).toMatchObject({ kept: 2, dropped: 2 });
  });

  it('passes the region of interest to the backend as a hint and applies it to the results', async () => {
    const region = { x: 0, y: 0, width: 0.5, height: 1 };
    const { result, model } = await run(
      { regionOfInterest: region },
      { a: { width: W, height: H, detections: [det('tv', 0.9, 100, 100), det('tv', 0.9, 900, 100)] } },
    );
    expect(model.calls[0]?.inputs).toEqual({ media: mediaRef('a'), minScore: 0.4, region });
    expect(result.outputs.detections?.items).toHaveLength(1);
  });

  it('reports nothing found as an empty list, not a failure', async () => {
    const { result } = await run({}, { a: { width: W, height: H, detections: [] } });
    expect(result.outputs.detections).toMatchObject({ items: [], frames: 1, framesWithHits: 0, maxScore: 0 });
  });

  it('fails with bad_model_output on a malformed backend result', async () => {
    const error = await run({}, { a: { detections: [det('tv', 0.9, 0, 0)] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('bad_model_output');
    expect((error as Error).message).toMatch(/coco-detector.*media a.*width/);
  });

  it('fails with no_media on an empty list', async () => {
    const error = await run({}, {}, []).catch((e: unknown) => e);
    expect((error as NonRetriableError).code).toBe('no_media');
  });
});
