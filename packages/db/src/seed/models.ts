import type { Prisma, ModelTask } from '@prisma/client';
import type { Db } from '../client.ts';

export interface ModelSeed {
  name: string;
  task: ModelTask;
  description: string;
  version: string;
  backend: string;
  pool: string;
  labels: string[];
  thresholds: Record<string, number>;
  card: Record<string, string>;
}

/** Registers pools, models and versions that are missing; never changes existing rows. */
export async function seedModels(db: Pick<Db, 'prisma'>, models: readonly ModelSeed[]) {
  for (const m of models) {
    const pool = await db.prisma.pool.upsert({
      where: { name: m.pool },
      update: {},
      create: {
        name: m.pool,
        kind: m.pool.startsWith('gpu') ? 'gpu' : 'cpu',
        settings: { maxBatchSize: 16, maxWaitMs: 10 },
      },
    });
    const model = await db.prisma.model.upsert({
      where: { name: m.name },
      update: {},
      create: { name: m.name, task: m.task, description: m.description },
    });
    await db.prisma.modelVersion.upsert({
      where: { modelId_version: { modelId: model.id, version: m.version } },
      update: {},
      create: {
        modelId: model.id,
        version: m.version,
        backend: m.backend,
        poolId: pool.id,
        labels: m.labels,
        thresholds: m.thresholds as Prisma.InputJsonValue,
        card: m.card as Prisma.InputJsonValue,
      },
    });
  }
}
