import { describe, expect, it } from 'vitest';
import { NonRetriableError, RetryableError } from '../sdk/errors.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { detectorDefinition } from './detector.definition.ts';
import { INFER_CONCURRENCY, inferEach, mapLimit } from './vision-inference.ts';
import { mediaRef, scriptedModel } from './vision.test-support.ts';

const classify = (score: number) => ({ scores: [{ label: 'defect', score }] });

function ctxWith(model: ReturnType<typeof scriptedModel>, signal?: AbortSignal) {
  return createFakeNodeContext(detectorDefinition, {
    inputs: { media: [] },
    infer: model.infer,
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, new AbortController().signal, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapLimit([1, 2, 3, 4, 5, 6], 2, new AbortController().signal, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom 2');
        await new Promise((r) => setTimeout(r, 5));
        return n;
      }),
    ).rejects.toThrow('boom 2');
    expect(started.length).toBeLessThan(6);
  });

  it('stops when the step is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('canceled'));
    await expect(mapLimit([1], 1, controller.signal, async (n) => n)).rejects.toThrow('canceled');
  });
});

describe('inferEach', () => {
  it('sends one request per media with the pinned version and returns results in order', async () => {
    const model = scriptedModel((_req, id) => classify(id === 'a' ? 0.9 : 0.1));
    const results = await inferEach(
      ctxWith(model),
      'classify',
      { model: 'defect-classifier', version: '2.0.0' },
      [mediaRef('a'), mediaRef('b')],
      (media) => ({ media }),
    );
    expect(model.calls.map((c) => [c.model, c.version, (c.inputs['media'] as { mediaId: string }).mediaId])).toEqual([
      ['defect-classifier', '2.0.0', 'a'],
      ['defect-classifier', '2.0.0', 'b'],
    ]);
    expect(results.map((r) => [r.media.mediaId, r.model.version, r.outputs.scores[0]?.score])).toEqual([
      ['a', '2.0.0', 0.9],
      ['b', '2.0.0', 0.1],
    ]);
  });

  it('omits the version when none is pinned', async () => {
    const model = scriptedModel(() => classify(0.5));
    await inferEach(ctxWith(model), 'classify', { model: 'm', version: undefined }, [mediaRef('a')], (media) => ({
      media,
    }));
    expect(model.calls[0]).toEqual({ model: 'm', inputs: { media: mediaRef('a') } });
  });

  it('keeps many requests in flight so the pool can batch, but a bounded number', async () => {
    const model = scriptedModel(() => classify(0.5), { delayMs: 5 });
    const media = Array.from({ length: 40 }, (_, i) => mediaRef(`f${i}`));
    await inferEach(ctxWith(model), 'classify', { model: 'm', version: undefined }, media, (m) => ({ media: m }));
    expect(model.calls).toHaveLength(40);
    expect(model.peakConcurrency()).toBe(INFER_CONCURRENCY);
  });

  it('refuses an empty media list', async () => {
    const model = scriptedModel(() => classify(0.5));
    const error = await inferEach(ctxWith(model), 'classify', { model: 'm', version: undefined }, [], (m) => ({
      media: m,
    })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('no_media');
  });

  it.each([
    ['outputs of the wrong shape', { model: { name: 'm', version: '1.0.0' }, outputs: { scores: [{ label: 'x' }] } }],
    ['no outputs', { model: { name: 'm', version: '1.0.0' } }],
    ['no model version', { model: { name: 'm' }, outputs: classify(0.5) }],
    ['another model', { model: { name: 'other', version: '1.0.0' }, outputs: classify(0.5) }],
    ['not an object', 'oops'],
  ])('fails with bad_model_output on %s', async (_what, raw) => {
    const model = scriptedModel(() => raw, { raw: true });
    const error = await inferEach(
      ctxWith(model),
      'classify',
      { model: 'm', version: undefined },
      [mediaRef('a')],
      (m) => ({
        media: m,
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('bad_model_output');
    expect((error as Error).message).toContain('media a');
  });

  it('fails with bad_model_output when a pinned version is answered by another', async () => {
    const model = scriptedModel(() => classify(0.5), { version: '1.1.0' });
    const error = await inferEach(
      ctxWith(model),
      'classify',
      { model: 'm', version: '1.0.0' },
      [mediaRef('a')],
      (m) => ({
        media: m,
      }),
    ).catch((e: unknown) => e);
    expect((error as NonRetriableError).code).toBe('bad_model_output');
    expect((error as Error).message).toContain('not the pinned 1.0.0');
  });

  it('asks for a retry when the registry moved versions mid-step', async () => {
    let n = 0;
    const model = scriptedModel(
      () => ({ model: { name: 'm', version: n++ === 0 ? '1.0.0' : '1.1.0' }, outputs: classify(0.5) }),
      { raw: true },
    );
    const error = await inferEach(
      ctxWith(model),
      'classify',
      { model: 'm', version: undefined },
      [mediaRef('a'), mediaRef('b')],
      (m) => ({ media: m }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe('model_version_changed');
  });

  it('passes inference failures through for the engine to retry', async () => {
    const model = scriptedModel(() => {
      throw new Error('pool unavailable');
    });
    await expect(
      inferEach(ctxWith(model), 'classify', { model: 'm', version: undefined }, [mediaRef('a')], (m) => ({ media: m })),
    ).rejects.toThrow('pool unavailable');
  });
});
