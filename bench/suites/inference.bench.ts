import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { createDb, seedModels } from '@conveyor/db';
import { LocalMediaStore, createWorkspaceMedia } from '@conveyor/engine/server';
import {
  DEFAULT_MODELS,
  createCocoDetectorBackend,
  createDefectClassifierBackend,
  createInferClient,
  createModelRegistry,
  createFrameSamplerBackend,
  createOipClassifierBackend,
  createTesseractOcrBackend,
  decodeImage,
  encodePng,
  encodeVideo,
  generateSample,
  resizeImage,
  startPoolWorker,
  type InferenceBackend,
} from '@conveyor/inference';
import type { MediaRef } from '@conveyor/nodes';
import { createWorkspace } from '@conveyor/db/factories';
import { renderLabel } from '../../packages/inference/src/ocr/render-label.test-support.ts';
import { startOipTestServer } from '../../packages/inference/src/oip/oip-server.test-support.ts';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';

const FIXTURES = path.join(import.meta.dirname, '../../packages/inference/fixtures/images');

// Per backend: load time and per-item latency; then the CPU pool end to end (request →
// queue → batch → model → result) with batch 1 vs dynamic batching, same requests.
const suite: BenchSuite = {
  name: 'inference',
  description:
    'backend load and latency; CPU pool items/s at batch 1 vs dynamic batching; video sampling + models; OIP batching',
  async run({ server, log }) {
    const figures: Record<string, number> = {};
    const item = (bytes: Uint8Array, params: Record<string, unknown> = {}) => ({
      media: { mediaId: 'bench', sha256: '0'.repeat(64), contentType: 'image/png', size: bytes.length } as MediaRef,
      bytes,
      params,
      putMedia: async () =>
        ({ mediaId: 'crop', sha256: '0'.repeat(64), contentType: 'image/png', size: 0 }) as MediaRef,
    });
    const timeBackend = async (name: string, backend: InferenceBackend, inputs: ReturnType<typeof item>[]) => {
      const t0 = performance.now();
      await backend.load();
      const loadMs = performance.now() - t0;
      const per: number[] = [];
      for (const input of inputs) {
        const t = performance.now();
        const [r] = await backend.run([input]);
        if (r instanceof Error) throw r;
        per.push(performance.now() - t);
      }
      log(
        `${name}: load ${round(loadMs)} ms; per item p50 ${round(percentile(per, 50))} ms, p95 ${round(percentile(per, 95))} ms (${per.length} items)`,
      );
      figures[`${name}_load_ms`] = round(loadMs);
      figures[`${name}_ms_p50`] = round(percentile(per, 50));
      figures[`${name}_ms_p95`] = round(percentile(per, 95));
    };

    const surfaces = Array.from({ length: 64 }, (_, i) => encodePng(generateSample(777, i)));
    await timeBackend(
      'classifier',
      createDefectClassifierBackend({ intraOpNumThreads: 1 }),
      surfaces.map((b) => item(b)),
    );
    const photos = await Promise.all(['astronaut.jpg', 'coffee.jpg'].map((f) => readFile(path.join(FIXTURES, f))));
    await timeBackend(
      'detector',
      createCocoDetectorBackend(),
      [...photos, ...photos, ...photos].map((b) => item(b)),
    );
    const labels = Array.from({ length: 12 }, (_, i) =>
      encodePng(
        renderLabel(
          'KD2093187' + (i % 10),
          { rotationDeg: 1, blurPx: 0.5, noise: 6, contrast: 0.8, serialPx: 26, font: 'sans', bold: false },
          { seed: i },
        ).image,
      ),
    );
    await timeBackend(
      'ocr',
      createTesseractOcrBackend(),
      labels.map((b) => item(b, { language: 'eng', serialPattern: '[A-Z]{2}[0-9]{8}' })),
    );

    // The pool end to end, on the classifier: 96 concurrent requests.
    const database = await server.createDatabase();
    const db = createDb({ url: database.url, max: 8 });
    await seedModels(db, DEFAULT_MODELS);
    const root = await mkdtemp(path.join(os.tmpdir(), 'bench-media-'));
    await chmod(root, 0o755);
    const store = new LocalMediaStore(root);
    const ws = await createWorkspace(db);
    const media = createWorkspaceMedia({ db, store, workspaceId: ws.id, maxBytes: 1e7 });
    const refs = await Promise.all(
      Array.from({ length: 96 }, (_, i) => media.put(encodePng(generateSample(999, i)), { contentType: 'image/png' })),
    );
    const throughput = async (maxBatchSize: number, maxWaitMs: number) => {
      const boss = new PgBoss({ connectionString: database.url, useListenNotify: true });
      boss.on('error', () => {});
      await boss.start();
      const pool = await startPoolWorker({
        db,
        boss,
        pool: 'cpu',
        backends: [createDefectClassifierBackend({ intraOpNumThreads: 1 })],
        maxBatchSize,
        maxWaitMs,
        readMedia: (_w, ref) => media.get(ref),
        putMedia: (_w, b, type) => media.put(b, { contentType: type }),
      });
      const client = await createInferClient({ db, boss, registry: createModelRegistry(db), timeoutMs: 120_000 });
      const infer = client.forWorkspace(ws.id);
      await infer({ model: 'defect-classifier', inputs: { media: refs[0]! } }); // warm
      const t0 = performance.now();
      await Promise.all(refs.map((ref) => infer({ model: 'defect-classifier', inputs: { media: ref } })));
      const perS = refs.length / ((performance.now() - t0) / 1000);
      const batch = pool.stats.snapshot().batchSizeP50;
      await client.close();
      await pool.stop();
      await boss.stop({ graceful: false });
      return { perS, batch };
    };
    const one = await throughput(1, 0);
    const batched = await throughput(16, 10);
    log(
      `pool (classifier, 96 concurrent requests): batch 1 → ${round(one.perS)} items/s; dynamic batching → ${round(batched.perS)} items/s (batch p50 ${batched.batch}); gain ×${round(batched.perS / one.perS)}`,
    );
    await db.close();
    await database.drop();
    await rm(root, { recursive: true, force: true });
    figures.batch1_items_per_s = round(one.perS);
    figures.batched_items_per_s = round(batched.perS);
    figures.batch_gain = round(batched.perS / one.perS);

    Object.assign(figures, await videoFigures(log, photos));
    Object.assign(figures, await oipFigures(log));
    return figures;
  },
};
export default suite;

/**
 * A 60 s claim video (640×360, 15 fps: defect surfaces and photos, 5 s each) sampled at one
 * frame a second by the ffmpeg backend, then every frame through the classifier (one batch)
 * and the detector. Figures: frames sampled per second, and video seconds per wall second
 * for sampling alone and for sampling + both models.
 */
async function videoFigures(log: (line: string) => void, photos: Uint8Array[]): Promise<Record<string, number>> {
  const W = 640;
  const H = 360;
  const slides = Array.from({ length: 12 }, (_, i) => ({
    image:
      i % 3 === 2
        ? resizeImage(decodeImage(photos[i % photos.length]!), W, H)
        : resizeImage(generateSample(4242, i, { size: 128 }), W, H),
    seconds: 5,
  }));
  const t0 = performance.now();
  const video = await encodeVideo(slides, { fps: 15 });
  const encodeMs = performance.now() - t0;
  const frames: Uint8Array[] = [];
  const sampler = createFrameSamplerBackend();
  await sampler.load();
  const params = { mode: 'interval', everyMs: 1000, startMs: 0, maxFrames: 600, format: 'jpeg' };
  const t1 = performance.now();
  const [sampled] = await sampler.run([
    {
      bytes: video,
      params,
      putMedia: async (bytes) => {
        frames.push(bytes);
        return { mediaId: `f${frames.length}`, sha256: '0'.repeat(64), contentType: 'image/jpeg', size: bytes.length };
      },
    },
  ]);
  const sampleMs = performance.now() - t1;
  if (sampled instanceof Error) throw sampled;
  const scene = await sampler.run([
    {
      bytes: video,
      params: { ...params, mode: 'scene' },
      putMedia: async () => ({ mediaId: 's', sha256: '0'.repeat(64), contentType: 'image/jpeg', size: 0 }),
    },
  ]);
  const sceneFrames = (scene[0] as { frames: unknown[] }).frames.length;
  const videoSeconds = ((sampled as { durationMs: number }).durationMs ?? 60_000) / 1000;

  const classifier = createDefectClassifierBackend({ intraOpNumThreads: 1 });
  const detector = createCocoDetectorBackend();
  await Promise.all([classifier.load(), detector.load()]);
  const items = frames.map((bytes) => ({ bytes, params: {}, putMedia: async () => ({}) as MediaRef }));
  const t2 = performance.now();
  const classified = await classifier.run(items);
  const classifyMs = performance.now() - t2;
  const t3 = performance.now();
  const detected = await detector.run(items);
  const detectMs = performance.now() - t3;
  if ([...classified, ...detected].some((r) => r instanceof Error)) throw new Error('a frame failed in the models');
  const totalMs = sampleMs + classifyMs + detectMs;
  log(
    `video (${videoSeconds} s, ${W}×${H}, ${(video.length / 1e6).toFixed(1)} MB, encoded in ${round(encodeMs)} ms): ` +
      `${frames.length} frames sampled in ${round(sampleMs)} ms → ${round(frames.length / (sampleMs / 1000))} frames/s, ` +
      `${round(videoSeconds / (sampleMs / 1000))} video s per s; scene mode → ${sceneFrames} frames; ` +
      `classifier ${round(classifyMs / frames.length)} ms/frame, detector ${round(detectMs / frames.length)} ms/frame; ` +
      `sample + both models: ${round(frames.length / (totalMs / 1000))} frames/s, ${round(videoSeconds / (totalMs / 1000))} video s per s`,
  );
  return {
    video_seconds: videoSeconds,
    video_frames: frames.length,
    video_sample_ms: round(sampleMs),
    video_sample_frames_per_s: round(frames.length / (sampleMs / 1000)),
    video_sample_video_s_per_s: round(videoSeconds / (sampleMs / 1000)),
    video_scene_frames: sceneFrames,
    video_classifier_ms_per_frame: round(classifyMs / frames.length),
    video_detector_ms_per_frame: round(detectMs / frames.length),
    video_pipeline_frames_per_s: round(frames.length / (totalMs / 1000)),
    video_pipeline_video_s_per_s: round(videoSeconds / (totalMs / 1000)),
  };
}

/**
 * The remote (Open Inference Protocol) classifier against a local server that speaks the
 * protocol and runs the same ONNX model: 256 images sent one infer call each (batch 1) vs
 * 32 per call (the batch a pool hands the backend). Client and server share the 2 cores.
 */
async function oipFigures(log: (line: string) => void): Promise<Record<string, number>> {
  const server = await startOipTestServer();
  try {
    const images = Array.from({ length: 256 }, (_, i) => encodePng(generateSample(1234, i)));
    const items = images.map((bytes) => ({ bytes, params: {}, putMedia: async () => ({}) as MediaRef }));
    const remote = (maxBatch: number) => createOipClassifierBackend({ client: { endpoint: server.url }, maxBatch });
    const one = remote(1);
    await one.load();
    await one.run(items.slice(0, 4)); // warm the connection and the server
    const t0 = performance.now();
    for (const item of items) await one.run([item]);
    const batch1 = items.length / ((performance.now() - t0) / 1000);
    const batched = remote(32);
    const before = server.calls.length;
    const t1 = performance.now();
    for (let i = 0; i < items.length; i += 32) await batched.run(items.slice(i, i + 32));
    const batchedPerS = items.length / ((performance.now() - t1) / 1000);
    const calls = server.calls.length - before;
    const pixels = createOipClassifierBackend({
      client: { endpoint: server.url },
      maxBatch: 32,
      remoteModel: 'defect-classifier-u8',
      inputDatatype: 'UINT8',
    });
    await pixels.load();
    const t2 = performance.now();
    for (let i = 0; i < items.length; i += 32) await pixels.run(items.slice(i, i + 32));
    const uint8PerS = items.length / ((performance.now() - t2) / 1000);
    const binary = createOipClassifierBackend({ client: { endpoint: server.url }, maxBatch: 32, binaryData: true });
    await binary.load();
    const t3 = performance.now();
    for (let i = 0; i < items.length; i += 32) await binary.run(items.slice(i, i + 32));
    const binaryPerS = items.length / ((performance.now() - t3) / 1000);
    const binaryOne = createOipClassifierBackend({ client: { endpoint: server.url }, maxBatch: 1, binaryData: true });
    const t4 = performance.now();
    for (const item of items) await binaryOne.run([item]);
    const binary1PerS = items.length / ((performance.now() - t4) / 1000);
    log(
      `OIP (local protocol server, defect classifier, ${items.length} images): batch 1 → ${round(batch1)} items/s; ` +
        `batch 32 (${calls} infer calls) → ${round(batchedPerS)} items/s; gain ×${round(batchedPerS / batch1)}; ` +
        `batch 32 as UINT8 pixels (server normalises) → ${round(uint8PerS)} items/s; ` +
        `binary tensor data (Triton extension): batch 1 → ${round(binary1PerS)} items/s, batch 32 → ${round(binaryPerS)} items/s (gain ×${round(binaryPerS / binary1PerS)})`,
    );
    return {
      oip_batch1_items_per_s: round(batch1),
      oip_batched_items_per_s: round(batchedPerS),
      oip_batch_size: 32,
      oip_batch_gain: round(batchedPerS / batch1),
      oip_uint8_batched_items_per_s: round(uint8PerS),
      oip_binary_batch1_items_per_s: round(binary1PerS),
      oip_binary_batched_items_per_s: round(binaryPerS),
      oip_binary_batch_gain: round(binaryPerS / binary1PerS),
    };
  } finally {
    await server.close();
  }
}
