import type { Db } from '@conveyor/db';
import { NonRetriableError } from '@conveyor/nodes/server';

export interface ResolvedModel {
  model: string;
  version: string;
  task: 'detect' | 'classify' | 'ocr' | 'sample';
  pool: string;
}

export interface ModelRegistry {
  /** The pinned version, or the newest active one (by semver); unknown → NonRetriableError. */
  resolve(model: string, version?: string): Promise<ResolvedModel>;
}

/** Registry backed by `models` / `model_versions` / `pools`, cached briefly per model. */
export function createModelRegistry(db: Pick<Db, 'pool'>, cacheMs = 5000): ModelRegistry {
  const cache = new Map<string, { at: number; rows: Row[] }>();
  return {
    async resolve(model, version) {
      let hit = cache.get(model);
      if (!hit || Date.now() - hit.at > cacheMs) {
        const { rows } = await db.pool.query<Row>(
          `SELECT m.name, m.task, v.version, v.status, p.name AS pool
             FROM models m JOIN model_versions v ON v.model_id = m.id JOIN pools p ON p.id = v.pool_id
            WHERE m.name = $1`,
          [model],
        );
        hit = { at: Date.now(), rows };
        cache.set(model, hit);
      }
      const candidates = hit.rows.filter((r) => (version ? r.version === version : r.status === 'active'));
      candidates.sort((a, b) => compareSemver(b.version, a.version));
      const row = candidates[0];
      if (!row) {
        throw new NonRetriableError(
          version ? `Model ${model}@${version} is not registered` : `Model "${model}" has no active version`,
          { code: 'unknown_model' },
        );
      }
      return { model: row.name, version: row.version, task: row.task, pool: row.pool };
    },
  };
}

interface Row {
  name: string;
  task: ResolvedModel['task'];
  version: string;
  status: string;
  pool: string;
}

export function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
