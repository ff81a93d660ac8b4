import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedModels } from '@conveyor/db';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { DEFAULT_MODELS } from './default-models.ts';
import { compareSemver, createModelRegistry } from './model-registry.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('model registry', () => {
  it('seeds the default models once, each with a card and the CPU pool', async () => {
    await seedModels(t.db, DEFAULT_MODELS);
    await seedModels(t.db, DEFAULT_MODELS);
    const versions = await t.db.prisma.modelVersion.findMany({ include: { model: true, pool: true } });
    expect(versions.map((v) => v.model.name).sort()).toEqual([
      'coco-detector',
      'defect-classifier',
      'ffmpeg-frame-sampler',
      'tesseract-eng',
    ]);
    for (const v of versions) {
      expect(v.pool.name).toBe('cpu');
      expect(Object.keys(v.card as object).sort()).toEqual([
        'intendedUse',
        'limits',
        'measuredAccuracy',
        'trainingData',
      ]);
    }
  });

  it('resolves the newest active version, a pinned one, and refuses unknown models', async () => {
    const model = await t.db.prisma.model.findUniqueOrThrow({ where: { name: 'defect-classifier' } });
    const pool = await t.db.prisma.pool.findUniqueOrThrow({ where: { name: 'cpu' } });
    await t.db.prisma.modelVersion.createMany({
      data: [
        { modelId: model.id, version: '1.10.0', backend: 'onnx-cpu', poolId: pool.id },
        { modelId: model.id, version: '2.0.0', backend: 'onnx-cpu', poolId: pool.id, status: 'deprecated' },
      ],
    });
    const registry = createModelRegistry(t.db, 0);
    expect(await registry.resolve('defect-classifier')).toEqual({
      model: 'defect-classifier',
      version: '1.10.0',
      task: 'classify',
      pool: 'cpu',
    });
    expect((await registry.resolve('defect-classifier', '1.0.0')).version).toBe('1.0.0');
    await expect(registry.resolve('defect-classifier', '9.9.9')).rejects.toMatchObject({ code: 'unknown_model' });
    await expect(registry.resolve('no-such-model')).rejects.toMatchObject({ code: 'unknown_model', retryable: false });
    expect(compareSemver('1.10.0', '1.9.3')).toBeGreaterThan(0);
  });
});
