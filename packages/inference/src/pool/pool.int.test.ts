import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import type { MediaRef } from '@conveyor/nodes';
import { createModelRegistry } from '../registry/model-registry.ts';
import { createInferClient } from './infer-client.ts';
import { startPoolWorker } from './pool-worker.ts';
import type { InferenceBackend } from './backend.ts';
import { NonRetriableError } from '@conveyor/nodes/server';

// The pool machinery on real Postgres and pg-boss. The backend is a test model whose
// answer is derived from each item's own bytes, so a mixed-up batch is visible.
const bytesById = new Map<string, Uint8Array>();
const batchSizes: number[] = [];
const digestModel: InferenceBackend = {
  model: 'digest',
  version: '1.0.0',
  task: 'classify',
  backend: 'test',
  async load() {},
  async run(items) {
    batchSizes.push(items.length);
    await new Promise((r) => setTimeout(r, 20)); // a model call has a fixed cost per batch
    return items.map((item) =>
      item.bytes.length === 0
        ? Object.assign(new Error('empty image'), { code: 'empty_media' })
        : { scores: [{ label: createHash('sha256').update(item.bytes).digest('hex').slice(0, 8), score: 1 }] },
    );
  },
};

// A model whose batch takes a while (holds the worker), and one whose whole batch fails.
const slowRuns: number[] = [];
const slowModel: InferenceBackend = {
  model: 'slow',
  version: '1.0.0',
  task: 'classify',
  backend: 'test',
  async load() {},
  async run(items) {
    slowRuns.push(items.length);
    await new Promise((r) => setTimeout(r, 700));
    return items.map(() => ({ scores: [{ label: 'done', score: 1 }] }));
  },
};
let brokenError: Error = new Error('unset');
const brokenModel: InferenceBackend = {
  model: 'broken',
  version: '1.0.0',
  task: 'classify',
  backend: 'test',
  async load() {},
  async run() {
    throw brokenError;
  },
};

let t: TestDatabase;
let boss: PgBoss;
let worker: Awaited<ReturnType<typeof startPoolWorker>>;
let client: Awaited<ReturnType<typeof createInferClient>>;

beforeAll(async () => {
  t = await createTestDatabase();
  const pool = await t.db.prisma.pool.create({ data: { name: 'test-cpu', kind: 'cpu' } });
  const model = await t.db.prisma.model.create({ data: { name: 'digest', task: 'classify' } });
  const slow = await t.db.prisma.model.create({ data: { name: 'slow', task: 'classify' } });
  const broken = await t.db.prisma.model.create({ data: { name: 'broken', task: 'classify' } });
  await t.db.prisma.modelVersion.createMany({
    data: [
      { modelId: model.id, version: '1.0.0', backend: 'test', poolId: pool.id },
      { modelId: model.id, version: '0.9.0', backend: 'test', poolId: pool.id },
      { modelId: slow.id, version: '1.0.0', backend: 'test', poolId: pool.id },
      { modelId: broken.id, version: '1.0.0', backend: 'test', poolId: pool.id },
    ],
  });
  boss = new PgBoss({ connectionString: t.url, useListenNotify: true });
  boss.on('error', () => {});
  await boss.start();
  worker = await startPoolWorker({
    db: t.db,
    boss,
    pool: 'test-cpu',
    backends: [digestModel, slowModel, brokenModel],
    depthSampleMs: 100,
    maxBatchSize: 16,
    maxWaitMs: 15,
    readMedia: async (_ws, ref) => bytesById.get(ref.mediaId) ?? new Uint8Array(),
    putMedia: async () => {
      throw new Error('not used');
    },
  });
  client = await createInferClient({ db: t.db, boss, registry: createModelRegistry(t.db), timeoutMs: 20_000 });
});
afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const ref = (id: string, bytes: Uint8Array): MediaRef => {
  bytesById.set(id, bytes);
  return { mediaId: id, sha256: 'a'.repeat(64), contentType: 'image/png', size: bytes.length };
};

describe('inference pool', () => {
  it('batches concurrent requests and returns each its own result', async () => {
    const infer = client.forWorkspace('ws-1');
    const inputs = Array.from({ length: 40 }, (_, i) => Buffer.from(`image-${i}`));
    const results = await Promise.all(
      inputs.map((b, i) => infer({ model: 'digest', inputs: { media: ref(`m${i}`, b) } })),
    );
    results.forEach((r, i) => {
      expect(r.model).toEqual({ name: 'digest', version: '1.0.0' });
      expect((r.outputs as { scores: { label: string }[] }).scores[0]!.label).toBe(
        createHash('sha256').update(inputs[i]!).digest('hex').slice(0, 8),
      );
    });
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(worker.stats.snapshot().items).toBeGreaterThanOrEqual(40);
  });

  it('fails only the bad item of a batch, with its reason and without retry', async () => {
    const infer = client.forWorkspace('ws-1');
    const [good, bad] = await Promise.allSettled([
      infer({ model: 'digest', inputs: { media: ref('ok', Buffer.from('fine')) } }),
      infer({ model: 'digest', inputs: { media: ref('empty', new Uint8Array()) } }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'empty_media', retryable: false } });
  });

  it('pins a version when asked and refuses unknown models', async () => {
    const infer = client.forWorkspace('ws-1');
    await expect(
      infer({ model: 'digest', version: '0.9.0', inputs: { media: ref('v', Buffer.from('x')) } }),
    ).rejects.toMatchObject({
      code: 'model_not_served',
    });
    await expect(infer({ model: 'nope', inputs: { media: ref('n', Buffer.from('x')) } })).rejects.toMatchObject({
      code: 'unknown_model',
    });
  });

  it('skips a request whose caller gave up while it queued, and says so in the stats', async () => {
    const infer = client.forWorkspace('ws-1') as (r: object) => Promise<unknown>;
    const runsBefore = slowRuns.length;
    const busy = infer({ model: 'slow', inputs: { media: ref('s1', Buffer.from('a')) } });
    await new Promise((r) => setTimeout(r, 100)); // the worker is now inside the slow batch
    const started = Date.now();
    await expect(
      infer({ model: 'slow', timeoutMs: 200, inputs: { media: ref('s2', Buffer.from('b')) } }),
    ).rejects.toMatchObject({ code: 'inference_timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1500); // its own 200 ms timeout, with slack for a busy machine
    await busy;
    await expect.poll(() => worker.stats.snapshot().expired, { timeout: 5000 }).toBe(1);
    expect(slowRuns.slice(runsBefore)).toEqual([1]); // the expired request never reached the model
  });

  it("fails a whole batch with the backend error's own code and retry meaning", async () => {
    const infer = client.forWorkspace('ws-1');
    brokenError = new NonRetriableError('server refused: bad shape', { code: 'oip_rejected' });
    await expect(infer({ model: 'broken', inputs: { media: ref('b1', Buffer.from('x')) } })).rejects.toMatchObject({
      code: 'oip_rejected',
      retryable: false,
      message: 'server refused: bad shape',
    });
    brokenError = new Error('model crashed');
    await expect(infer({ model: 'broken', inputs: { media: ref('b2', Buffer.from('y')) } })).rejects.toMatchObject({
      code: 'inference_failed',
      retryable: true,
    });
    expect(worker.stats.snapshot().failed).toBeGreaterThanOrEqual(2);
  });

  it('exposes queue depth, batch sizes and request latency', async () => {
    const infer = client.forWorkspace('ws-1');
    // Both handlers busy on the slow model (the second waits for the first: one batch per
    // model), so what comes next must queue.
    const slowWave = (w: number) =>
      Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          infer({ model: 'slow', inputs: { media: ref(`q${w}-${i}`, Buffer.from('q')) } }),
        ),
      );
    const first = slowWave(1);
    await new Promise((r) => setTimeout(r, 60));
    const second = slowWave(2);
    await new Promise((r) => setTimeout(r, 60));
    const busy = Promise.all([first, second]);
    const queued = Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        infer({ model: 'digest', inputs: { media: ref(`d${i}`, Buffer.from(`d${i}`)) } }),
      ),
    );
    await expect.poll(() => worker.stats.snapshot().queueDepth, { timeout: 3000, interval: 50 }).toBeGreaterThan(0);
    await Promise.all([busy, queued]);
    const snap = worker.stats.snapshot();
    expect(snap.batchSizeMax).toBeGreaterThan(1);
    expect(snap.requestMsP50).toBeGreaterThan(0);
    expect(snap.requestMsP95).toBeGreaterThanOrEqual(snap.requestMsP50);
    expect(await worker.queueDepth()).toBe(0);
  });

  it('answers another model while a slow batch runs in the same pool', async () => {
    const infer = client.forWorkspace('ws-1');
    let slowDoneAt = 0;
    const slow = infer({ model: 'slow', inputs: { media: ref('hold', Buffer.from('h')) } }).then(
      () => (slowDoneAt = Date.now()),
    );
    await new Promise((r) => setTimeout(r, 100)); // the slow batch is in its model now
    const fast = await infer({ model: 'digest', inputs: { media: ref('quick', Buffer.from('q')) } });
    const fastDoneAt = Date.now();
    expect(fast.model.name).toBe('digest');
    await slow;
    // With one batch in flight per worker, the digest would have waited for the slow batch.
    expect(fastDoneAt).toBeLessThan(slowDoneAt);
  });
});
