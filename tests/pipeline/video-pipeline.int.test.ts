import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedModels } from '@conveyor/db';
import {
  DEFAULT_MODELS,
  createCocoDetectorBackend,
  createDefectClassifierBackend,
  createFrameSamplerBackend,
  decodeImage,
  encodeVideo,
  generateSample,
  resizeImage,
  type RgbImage,
} from '@conveyor/inference';
import type { MediaRef } from '@conveyor/nodes';
import { startPipeline, type PipelineHarness } from './pipeline-harness.ts';

// A claim video through the whole path: ingest → frame sampler (ffmpeg in the pool) →
// classifier and detector on every frame (pool, real models) → aggregates per step.
// The videos are made here from generated defect surfaces and a known photo.
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipeline({
    prepare: (t) => seedModels(t.db, DEFAULT_MODELS),
    pool: 'cpu',
    backends: () => [
      createCocoDetectorBackend(),
      createDefectClassifierBackend({ intraOpNumThreads: 1 }),
      createFrameSamplerBackend({ threads: 1 }),
    ],
    maxMediaBytes: 50_000_000,
    inferTimeoutMs: 90_000,
  });
}, 60_000);
afterAll(async () => h?.close());

const graph = (sampler: Record<string, string | number>) => ({
  nodes: [
    {
      id: 'claim',
      type: 'ingest',
      typeVersion: 1,
      config: { acceptedTypes: ['video/mp4'], minFiles: 1, maxFiles: 1 },
    },
    { id: 'frames', type: 'frame-sampler', typeVersion: 1, config: sampler },
    { id: 'classify', type: 'classifier', typeVersion: 1, config: { model: 'defect-classifier' } },
    { id: 'detect', type: 'detector', typeVersion: 1, config: { model: 'coco-detector', classes: ['person'] } },
  ],
  edges: [
    { from: { node: 'claim', port: 'media' }, to: { node: 'frames', port: 'media' } },
    { from: { node: 'frames', port: 'frames' }, to: { node: 'classify', port: 'media' } },
    { from: { node: 'frames', port: 'frames' }, to: { node: 'detect', port: 'media' } },
  ],
});

async function runVideo(video: Uint8Array, sampler: Record<string, string | number>) {
  const wf = await h.publish(graph(sampler));
  const ref = await h.media.put(video, { contentType: 'video/mp4' });
  const { runId, run } = await h.run(wf, { record: {}, media: [ref] }, 150_000);
  return { run, steps: await h.steps(runId) };
}

const upscale = (image: RgbImage) => resizeImage(image, 192, 192);

describe('video pipeline', () => {
  it('samples a claim video, finds the cracked seconds and the person, with timestamps', async () => {
    // 8 s at 10 fps: clean surface 0–2 s, cracked 2–4 s, clean 4–6 s, the astronaut photo 6–8 s.
    const clean = upscale(generateSample(424242, 1, { label: 'clean' }));
    const crack = upscale(generateSample(424242, 2, { label: 'crack' }));
    const photo = decodeImage(
      await readFile(path.join(import.meta.dirname, '../../packages/inference/fixtures/images/astronaut.jpg')),
    );
    const person = resizeImage(photo, 192, 192);
    const video = await encodeVideo(
      [clean, crack, clean, person].map((image) => ({ image, seconds: 2 })),
      { fps: 10 },
    );

    const { run, steps } = await runVideo(video, { everySeconds: 1, maxFrames: 20, format: 'png' });
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });

    const frames = (steps.frames!.outputs as { frames: MediaRef[] }).frames;
    const samples = (steps.frames!.outputs as { samples: { videos: { durationMs: number; frames: unknown[] }[] } })
      .samples.videos[0]!;
    expect(frames).toHaveLength(8);
    expect(samples.durationMs).toBe(8000);
    expect(samples.frames).toEqual(frames.map((f, i) => ({ mediaId: f.mediaId, timestampMs: i * 1000 })));
    // The frames are stored media of this workspace (content-addressed: PNG bytes of each frame).
    const stored = await h.t.db.pool.query(
      'SELECT count(*)::int AS n FROM media_objects WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND content_type = $3',
      [h.workspaceId, frames.map((f) => f.mediaId), 'image/png'],
    );
    expect(stored.rows[0].n).toBe(new Set(frames.map((f) => f.mediaId)).size);

    const classification = (
      steps.classify!.outputs as {
        classification: {
          label: string;
          frames: number;
          framesWithHits: number;
          perMedia: { mediaId: string; label: string }[];
        };
      }
    ).classification;
    expect(classification.frames).toBe(8);
    expect(classification.label).toBe('defect');
    // Of the surface frames (0–5 s), the two of the cracked seconds are the ones called
    // defective. (The photo frames are out of the surface model's domain: not asserted.)
    const defective = classification.perMedia
      .slice(0, 6)
      .flatMap((m, i) => (['defect', 'crack'].includes(m.label) ? [i] : []));
    expect(defective).toEqual([2, 3]);
    expect(classification.framesWithHits).toBeGreaterThanOrEqual(2);

    const detections = (
      steps.detect!.outputs as {
        detections: { frames: number; framesWithHits: number; maxScore: number; items: { mediaId: string }[] };
      }
    ).detections;
    expect(detections.frames).toBe(8);
    expect(detections.framesWithHits).toBe(2);
    expect(detections.maxScore).toBeGreaterThan(0.4);
    expect(new Set(detections.items.map((d) => d.mediaId))).toEqual(new Set([frames[6]!.mediaId, frames[7]!.mediaId]));
  }, 180_000);

  it('takes a frame per scene in scene mode', async () => {
    const surfaces = [1, 2, 3].map((i) => upscale(generateSample(5150, i, { label: 'clean' })));
    const video = await encodeVideo(
      surfaces.map((image, i) => ({ image, seconds: [1.5, 2.5, 2][i]! })),
      { fps: 10 },
    );
    const { run, steps } = await runVideo(video, { mode: 'scene', everySeconds: 0.5, maxFrames: 10 });
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const samples = (steps.frames!.outputs as { samples: { videos: { frames: { timestampMs: number }[] }[] } }).samples
      .videos[0]!;
    expect(samples.frames.map((f) => f.timestampMs)).toEqual([0, 1500, 4000]);
  }, 120_000);

  it('fails the step with a readable reason for a truncated video', async () => {
    const video = await encodeVideo(
      [1, 2].map((i) => ({ image: upscale(generateSample(77, i)), seconds: 3 })),
      { fps: 10 },
    );
    const { run, steps } = await runVideo(video.subarray(0, Math.floor(video.length * 0.6)), {});
    expect(run?.status).toBe('failed');
    expect(steps.frames).toMatchObject({
      status: 'failed',
      error: { code: 'corrupt_video', message: expect.stringContaining('truncated') },
    });
    // Nothing downstream ran on a broken video.
    expect(steps.classify?.outputs ?? null).toBeNull();
    expect(steps.detect?.outputs ?? null).toBeNull();
  }, 120_000);
});
