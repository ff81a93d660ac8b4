import { describe, expect, it } from 'vitest';
import { mediaRef, scriptedModel } from '../detector/vision.test-support.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { classificationSchema } from '../sdk/port-values.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { classifierDefinition } from './classifier.definition.ts';
import { classifierExecutor, combineScores } from './classifier.execute.ts';

const scores = (defect: number, ok = 1 - defect) => ({
  scores: [
    { label: 'defect', score: defect },
    { label: 'ok', score: ok },
  ],
});

async function run(config: unknown, answers: Record<string, unknown>) {
  const model = scriptedModel((_req, id) => answers[id], { version: '1.2.0' });
  const media = Object.keys(answers).map((id) => mediaRef(id));
  const ctx = createFakeNodeContext(classifierDefinition, { config, inputs: { media }, infer: model.infer });
  const result = await classifierExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('classifier never suspends');
  return { result, model };
}

describe('combineScores', () => {
  it('max: the strongest image decides', () => {
    // defect and ok both peak at 0.9 here: the tie goes to the first label alphabetically.
    expect(combineScores([scores(0.2), scores(0.9), scores(0.1)], 'max')).toEqual({
      label: 'defect',
      score: 0.9,
      scores: { defect: 0.9, ok: 0.9 },
    });
    expect(combineScores([scores(0.2, 0.8), scores(0.95, 0.05)], 'max')).toEqual({
      label: 'defect',
      score: 0.95,
      scores: { defect: 0.95, ok: 0.8 },
    });
  });

  it('mean: the average, a label missing from an image counting zero', () => {
    const combined = combineScores([scores(0.2, 0.8), { scores: [{ label: 'defect', score: 0.6 }] }], 'mean');
    expect(combined.label).toBe('defect');
    expect(combined.score).toBeCloseTo(0.4);
    expect(combined.scores['ok']).toBeCloseTo(0.4);
  });

  it('breaks ties by label so reruns agree', () => {
    expect(combineScores([scores(0.5, 0.5)], 'max').label).toBe('defect');
  });
});

describe('classifier executor', () => {
  it('classifies every image and outputs the combined classification with the model version', async () => {
    const { result, model } = await run(
      { model: 'defect-classifier' },
      { a: scores(0.3), b: scores(0.92), c: scores(0.1) },
    );
    expect(model.calls.map((c) => c.inputs)).toEqual([
      { media: mediaRef('a') },
      { media: mediaRef('b') },
      { media: mediaRef('c') },
    ]);
    const classification = classificationSchema.parse(result.outputs.classification);
    expect(classification).toEqual({
      model: { name: 'defect-classifier', version: '1.2.0' },
      label: 'defect',
      score: 0.92,
      scores: { defect: 0.92, ok: 0.9 },
    });
    expect(result.outputs.classification).toMatchObject({
      frames: 3,
      framesWithHits: 1,
      perMedia: [
        { mediaId: 'a', label: 'ok', score: 0.7 },
        { mediaId: 'b', label: 'defect', score: 0.92 },
        { mediaId: 'c', label: 'ok', score: 0.9 },
      ],
    });
  });

  it('averages when configured to', async () => {
    const { result } = await run({ aggregate: 'mean' }, { a: scores(0.3), b: scores(0.9) });
    expect(result.outputs.classification?.label).toBe('defect');
    expect(result.outputs.classification?.score).toBeCloseTo(0.6);
  });

  it('asks the backend to crop to the region of interest', async () => {
    const region = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };
    const { model } = await run({ regionOfInterest: region, modelVersion: '1.2.0' }, { a: scores(0.5) });
    expect(model.calls[0]).toEqual({
      model: 'defect-classifier',
      version: '1.2.0',
      inputs: { media: mediaRef('a'), region },
    });
  });

  it('fails with bad_model_output when a score is out of range or there are none', async () => {
    for (const bad of [{ scores: [] }, { scores: [{ label: 'defect', score: 1.5 }] }, { label: 'defect' }]) {
      const error = await run({}, { a: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonRetriableError);
      expect((error as NonRetriableError).code).toBe('bad_model_output');
    }
  });
});
