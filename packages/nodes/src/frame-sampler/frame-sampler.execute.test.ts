import { describe, expect, it } from 'vitest';
import { mediaRef, scriptedModel } from '../detector/vision.test-support.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { FRAME_SAMPLER_MODEL } from '../sdk/inference-contract.ts';
import type { MediaRef } from '../sdk/port-values.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { frameSamplerDefinition } from './frame-sampler.definition.ts';
import { frameSamplerExecutor } from './frame-sampler.execute.ts';

const frame = (id: string, timestampMs: number, contentType = 'image/jpeg') => ({
  media: mediaRef(id, contentType),
  timestampMs,
});

async function run(config: unknown, media: MediaRef[], answer: (id: string) => unknown) {
  const model = scriptedModel((_req, id) => answer(id), { version: '6.1.0' });
  const ctx = createFakeNodeContext(frameSamplerDefinition, { config, inputs: { media }, infer: model.infer });
  const result = await frameSamplerExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('frame sampler never suspends');
  return { result, model };
}

describe('frame sampler executor', () => {
  it('samples each video through the sample model and passes photos through, in input order', async () => {
    const media = [
      mediaRef('photo1'),
      mediaRef('vid1', 'video/mp4'),
      mediaRef('photo2', 'image/png'),
      mediaRef('vid2', 'video/quicktime'),
    ];
    const { result, model } = await run(
      { everySeconds: 0.5, startSeconds: 2, maxFrames: 3, format: 'png' },
      media,
      (id) =>
        id === 'vid1'
          ? { frames: [frame('v1f2', 3000, 'image/png'), frame('v1f1', 2000, 'image/png')] }
          : { frames: [frame('v2f1', 2000, 'image/png')] },
    );
    expect(model.calls.map((c) => c.model)).toEqual([FRAME_SAMPLER_MODEL, FRAME_SAMPLER_MODEL]);
    expect(model.calls[0]?.inputs).toEqual({
      media: mediaRef('vid1', 'video/mp4'),
      mode: 'interval',
      everyMs: 500,
      startMs: 2000,
      maxFrames: 3,
      format: 'png',
    });
    expect(result.outputs.frames?.map((m) => m.mediaId)).toEqual(['photo1', 'v1f1', 'v1f2', 'photo2', 'v2f1']);
    expect(result.outputs.samples).toEqual({
      videos: [
        {
          videoId: 'vid1',
          frames: [
            { mediaId: 'v1f1', timestampMs: 2000 },
            { mediaId: 'v1f2', timestampMs: 3000 },
          ],
        },
        { videoId: 'vid2', frames: [{ mediaId: 'v2f1', timestampMs: 2000 }] },
      ],
    });
  });

  it('asks for scene changes with the sensitivity, and keeps the duration', async () => {
    const { result, model } = await run(
      { mode: 'scene', everySeconds: 0.5, sceneThreshold: 0.4 },
      [mediaRef('v', 'video/webm')],
      () => ({ frames: [frame('s1', 0), frame('s2', 4200)], durationMs: 9000 }),
    );
    expect(model.calls[0]?.inputs).toMatchObject({ mode: 'scene', everyMs: 500, sceneThreshold: 0.4 });
    expect(result.outputs.samples).toEqual({
      videos: [
        {
          videoId: 'v',
          durationMs: 9000,
          frames: [
            { mediaId: 's1', timestampMs: 0 },
            { mediaId: 's2', timestampMs: 4200 },
          ],
        },
      ],
    });
  });

  it('does not call a model when there is no video', async () => {
    const { result, model } = await run({}, [mediaRef('p')], () => undefined);
    expect(model.calls).toHaveLength(0);
    expect(result.outputs.frames).toEqual([mediaRef('p')]);
  });

  it('refuses more frames than asked for, and frames that are not images', async () => {
    const video = [mediaRef('v', 'video/mp4')];
    const tooMany = await run({ maxFrames: 1 }, video, () => ({ frames: [frame('a', 0), frame('b', 1000)] })).catch(
      (e: unknown) => e,
    );
    expect((tooMany as NonRetriableError).code).toBe('bad_model_output');
    const notImage = await run({}, video, () => ({ frames: [frame('a', 0, 'video/mp4')] })).catch((e: unknown) => e);
    expect((notImage as NonRetriableError).code).toBe('bad_model_output');
    const malformed = await run({}, video, () => ({ frames: [{ media: { mediaId: 'x' }, timestampMs: 0 }] })).catch(
      (e: unknown) => e,
    );
    expect((malformed as NonRetriableError).code).toBe('bad_model_output');
  });

  it('fails loudly when nothing comes out', async () => {
    const error = await run({ startSeconds: 600 }, [mediaRef('v', 'video/mp4')], () => ({ frames: [] })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('no_frames');
    const empty = await run({}, [], () => ({ frames: [] })).catch((e: unknown) => e);
    expect((empty as NonRetriableError).code).toBe('no_media');
  });
});
