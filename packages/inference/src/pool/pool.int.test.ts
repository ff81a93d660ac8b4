import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import type { MediaRef } from '@conveyor/nodes';
import { createModelRegistry } from '../registry/model-registry.ts';
import { createInferClient } from './infer-client.ts';
import { startPoolWorker } from './pool-worker.ts';
import type { InferenceBackend } from './backend.ts';

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

let t: TestDatabase;
let boss: PgBoss;
let worker: Awaited<ReturnType<typeof startPoolWorker>>;
let client: Awaited<ReturnType<typeof createInferClient>>;

beforeAll(async () => {
  t = await createTestDatabase();
  const pool = await t.db.prisma.pool.create({ data: { name: 'test-cpu', kind: 'cpu' } });
  const model = await t.db.prisma.model.create({ data: { name: 'digest', task: 'classify' } });
  await t.db.prisma.modelVersion.createMany({
    data: [
      { modelId: model.id, version: '1.0.0', backend: 'test', poolId: pool.id },
      { modelId: model.id, version: '0.9.0', backend: 'test', poolId: pool.id },
    ],
  });
  boss = new PgBoss({ connectionString: t.url, useListenNotify: true });
  boss.on('error', () => {});
  await boss.start();
  worker = await startPoolWorker({
    db: t.db,
    boss,
    pool: 'test-cpu',
    backends: [digestModel],
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
});
