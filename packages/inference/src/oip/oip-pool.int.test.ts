import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import type { MediaRef } from '@conveyor/nodes';
import { createDefectClassifierBackend } from '../classifier/defect-classifier-backend.ts';
import { generateSample } from '../classifier/synthetic.ts';
import { encodePng } from '../imaging/encode-image.ts';
import { createModelRegistry } from '../registry/model-registry.ts';
import { createInferClient } from '../pool/infer-client.ts';
import { createPoolBackends, loadPoolConfig, PoolConfigError } from '../pool/pool-config.ts';
import { startPoolWorker } from '../pool/pool-worker.ts';
import { startOipTestServer, type OipTestServer } from './oip-server.test-support.ts';

// A remote GPU pool as an operator registers it: a `remote` pool whose settings name an
// Open Inference Protocol endpoint, the defect classifier routed to it with backend
// `oip-v2`. The endpoint is a local server that speaks the protocol and runs the model.
let t: TestDatabase;
let boss: PgBoss;
let server: OipTestServer;
let worker: Awaited<ReturnType<typeof startPoolWorker>>;
let client: Awaited<ReturnType<typeof createInferClient>>;
const bytesById = new Map<string, Uint8Array>();
type Scores = { scores: { label: string; score: number }[] };
const expected = new Map<string, Scores>();

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startOipTestServer();
  const pool = await t.db.prisma.pool.create({
    data: {
      name: 'gpu-remote',
      kind: 'remote',
      settings: { endpoint: server.url, maxBatchSize: 32, maxWaitMs: 20, attempts: 5, requestTimeoutMs: 3000 },
    },
  });
  const model = await t.db.prisma.model.create({ data: { name: 'defect-classifier', task: 'classify' } });
  await t.db.prisma.modelVersion.create({
    data: { modelId: model.id, version: '1.0.0', backend: 'oip-v2', poolId: pool.id },
  });
  boss = new PgBoss({ connectionString: t.url, useListenNotify: true });
  boss.on('error', () => {});
  await boss.start();
  const config = await loadPoolConfig(t.db, 'gpu-remote');
  worker = await startPoolWorker({
    db: t.db,
    boss,
    pool: 'gpu-remote',
    backends: createPoolBackends(config),
    maxBatchSize: config.settings.maxBatchSize!,
    maxWaitMs: config.settings.maxWaitMs!,
    readMedia: async (_ws, ref) => bytesById.get(ref.mediaId)!,
    putMedia: async () => {
      throw new Error('not used');
    },
  });
  client = await createInferClient({ db: t.db, boss, registry: createModelRegistry(t.db), timeoutMs: 30_000 });
  // What the in-process CPU backend says about each test image: the remote pool must agree.
  const local = createDefectClassifierBackend({ intraOpNumThreads: 1 });
  for (let i = 0; i < 40; i++) {
    const bytes = encodePng(generateSample(2024, i));
    bytesById.set(`img-${i}`, bytes);
    const [out] = await local.run([{ bytes, params: {}, putMedia: async () => ({}) as MediaRef }]);
    expected.set(`img-${i}`, out as Scores);
  }
}, 60_000);
afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await server?.close().catch(() => {});
  await t?.drop();
});

const ref = (id: string): MediaRef => ({
  mediaId: id,
  sha256: 'a'.repeat(64),
  contentType: 'image/png',
  size: bytesById.get(id)!.length,
});

function expectSameScores(id: string, result: { outputs: unknown; model: unknown }) {
  expect(result.model).toEqual({ name: 'defect-classifier', version: '1.0.0' });
  const got = (result.outputs as Scores).scores;
  const want = expected.get(id)!.scores;
  expect(got.map((s) => s.label)).toEqual(want.map((s) => s.label));
  got.forEach((s, k) => expect(Math.abs(s.score - want[k]!.score)).toBeLessThan(1e-5));
}

describe('remote (OIP) pool', () => {
  it('turns concurrent requests into batched infer calls and answers each with its own scores', async () => {
    const infer = client.forWorkspace('ws');
    const before = server.calls.length;
    const ids = Array.from({ length: 24 }, (_, i) => `img-${i}`);
    const results = await Promise.all(
      ids.map((id) => infer({ model: 'defect-classifier', inputs: { media: ref(id) } })),
    );
    results.forEach((r, i) => expectSameScores(ids[i]!, r));
    const calls = server.calls.slice(before);
    expect(calls.reduce((n, c) => n + c.batch, 0)).toBe(24);
    expect(calls.length).toBeLessThan(24);
    expect(Math.max(...calls.map((c) => c.batch))).toBeGreaterThan(1);
  });

  it('completes every request when the server goes down mid-batch and comes back', async () => {
    const infer = client.forWorkspace('ws');
    server.setDelay(400);
    const received = server.inferRequests;
    const answered = server.calls.length;
    const ids = Array.from({ length: 10 }, (_, i) => `img-${20 + i}`);
    const pending = Promise.all(ids.map((id) => infer({ model: 'defect-classifier', inputs: { media: ref(id) } })));
    // Wait until a batch is inside the server (delayed there), then take the server down.
    await expect.poll(() => server.inferRequests, { timeout: 10_000, interval: 10 }).toBeGreaterThan(received);
    await server.close();
    server.setDelay(0);
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();
    const results = await pending;
    results.forEach((r, i) => expectSameScores(ids[i]!, r));
    // At least one infer call was cut off unanswered, and the retries answered all 10.
    expect(server.inferRequests - received).toBeGreaterThan(server.calls.length - answered);
    expect(server.calls.slice(answered).reduce((n, c) => n + c.batch, 0)).toBe(10);
  });

  it('fails requests as retryable, with the reason, while the server stays down', async () => {
    await server.close();
    try {
      await expect(
        client.forWorkspace('ws')({ model: 'defect-classifier', inputs: { media: ref('img-0') } }),
      ).rejects.toMatchObject({
        code: 'oip_unavailable',
        retryable: true,
        message: expect.stringContaining('connection refused'),
      });
    } finally {
      await server.restart();
    }
    expect(worker.stats.snapshot().failed).toBeGreaterThanOrEqual(1);
  });

  it('refuses settings that cannot work', async () => {
    await t.db.prisma.pool.create({ data: { name: 'gpu-nowhere', kind: 'remote', settings: {} } });
    await expect(loadPoolConfig(t.db, 'gpu-nowhere').then(createPoolBackends)).rejects.toThrow(
      /needs settings.endpoint/,
    );
    await t.db.prisma.pool.create({
      data: { name: 'gpu-typo', kind: 'remote', settings: { endpoint: 'ftp://x', maxBatch: 3 } },
    });
    await expect(loadPoolConfig(t.db, 'gpu-typo')).rejects.toBeInstanceOf(PoolConfigError);
    await t.db.prisma.pool.create({ data: { name: 'gpu-local', kind: 'gpu', settings: {} } });
    await expect(loadPoolConfig(t.db, 'gpu-local').then(createPoolBackends)).rejects.toThrow(/webgpu/);
  });
});
