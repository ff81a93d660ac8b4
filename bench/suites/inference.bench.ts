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
  createTesseractOcrBackend,
  encodePng,
  generateSample,
  startPoolWorker,
  type InferenceBackend,
} from '@conveyor/inference';
import type { MediaRef } from '@conveyor/nodes';
import { createWorkspace } from '@conveyor/db/factories';
import { renderLabel } from '../../packages/inference/src/ocr/render-label.test-support.ts';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';

const FIXTURES = path.join(import.meta.dirname, '../../packages/inference/fixtures/images');

// Per backend: load time and per-item latency; then the CPU pool end to end (request →
// queue → batch → model → result) with batch 1 vs dynamic batching, same requests.
const suite: BenchSuite = {
  name: 'inference',
  description: 'backend load and latency; CPU pool items/s at batch 1 vs dynamic batching',
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
    return figures;
  },
};
export default suite;
