import { z } from 'zod';
import type { Db } from '@conveyor/db';
import { createDefectClassifierBackend, DEFECT_CLASSIFIER_MODEL_DIR } from '../classifier/index.ts';
import { createCpuBackends } from '../cpu-backends.ts';
import { createOipClassifierBackend } from '../oip/oip-classifier-backend.ts';
import type { InferenceBackend } from './backend.ts';

/**
 * A pool's settings (`pools.settings`, JSON): batching and timeouts for every pool, the
 * endpoint for a remote pool (Open Inference Protocol: Triton, KServe), the execution
 * provider for an in-process GPU pool. Operators set them; the pool reads them on start.
 */
export const poolSettingsSchema = z.strictObject({
  maxBatchSize: z.number().int().min(1).max(512).optional(),
  maxWaitMs: z.number().int().min(0).max(5000).optional(),
  /** A batch running longer fails its requests (retryable). */
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  /** Remote pools: the inference server's HTTP base URL, e.g. `http://triton:8000`. */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** Remote pools: per-attempt timeout and attempts per call. */
  requestTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  attempts: z.number().int().min(1).max(10).optional(),
  /** GPU pools: ONNX Runtime's execution provider. `webgpu` is not verified on this project's CI (no GPU). */
  executionProvider: z.enum(['cpu', 'webgpu']).optional(),
  /** Per registry model (`name`): its name and version on the server, and the manifest folder. */
  models: z
    .record(
      z.string().min(1),
      z.strictObject({
        remoteModel: z.string().min(1).optional(),
        remoteVersion: z.string().min(1).optional(),
        modelDir: z.string().min(1).optional(),
        /** `UINT8`: send resized raw pixels to a server that normalises itself. */
        inputDatatype: z.enum(['FP32', 'UINT8']).optional(),
        /** Triton: tensors as raw bytes (binary data extension) instead of JSON numbers. */
        binaryData: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type PoolSettings = z.infer<typeof poolSettingsSchema>;

export interface PoolConfig {
  name: string;
  /** `cpu`, `gpu` or `remote`; a pool without a row is a CPU pool with defaults. */
  kind: string;
  settings: PoolSettings;
  /** Model versions the registry routes to this pool. */
  models: { model: string; version: string; task: string; backend: string }[];
}

export class PoolConfigError extends Error {
  override readonly name = 'PoolConfigError';
}

export async function loadPoolConfig(db: Pick<Db, 'pool'>, name: string): Promise<PoolConfig> {
  const { rows } = await db.pool.query<{ kind: string; settings: unknown }>(
    'SELECT kind, settings FROM pools WHERE name = $1',
    [name],
  );
  const row = rows[0];
  if (!row) return { name, kind: 'cpu', settings: {}, models: [] };
  const settings = poolSettingsSchema.safeParse(row.settings ?? {});
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new PoolConfigError(
      `Pool "${name}" has bad settings: ${issue?.path.join('.') || 'settings'}: ${issue?.message}`,
    );
  }
  const models = await db.pool.query<{ model: string; version: string; task: string; backend: string }>(
    `SELECT m.name AS model, v.version, m.task::text AS task, v.backend
       FROM model_versions v JOIN models m ON m.id = v.model_id JOIN pools p ON p.id = v.pool_id
      WHERE p.name = $1 AND v.status = 'active' ORDER BY m.name, v.version`,
    [name],
  );
  return { name, kind: row.kind, settings: settings.data, models: models.rows };
}

/**
 * The backends a pool runs, from its kind and settings:
 * - `cpu`: every model that ships with Conveyor, in-process.
 * - `remote`: each registry model of the pool with backend `oip-v2`, served by the
 *   endpoint; pre/post-processing from the model's manifest (classifiers only for now).
 * - `gpu`: the ONNX classifier on ONNX Runtime's WebGPU provider (CPU fallback disabled).
 * Throws PoolConfigError for settings that cannot work, so the pool refuses to start.
 */
export function createPoolBackends(config: PoolConfig): InferenceBackend[] {
  const s = config.settings;
  const modelDir = (model: string) =>
    s.models?.[model]?.modelDir ?? (model === 'defect-classifier' ? DEFECT_CLASSIFIER_MODEL_DIR : undefined);
  if (config.kind === 'remote') {
    if (!s.endpoint)
      throw new PoolConfigError(`Remote pool "${config.name}" needs settings.endpoint (the server's URL)`);
    const served = config.models.filter((m) => m.backend === 'oip-v2');
    if (served.length === 0) {
      throw new PoolConfigError(
        `Remote pool "${config.name}" has no active model with backend "oip-v2" in the registry`,
      );
    }
    return served.map((m) => {
      const dir = modelDir(m.model);
      if (m.task !== 'classify' || !dir) {
        throw new PoolConfigError(
          `Remote pool "${config.name}": ${m.model} (${m.task}) cannot be served over OIP yet; classifiers with a model.json can (settings.models.${m.model}.modelDir)`,
        );
      }
      const backend = createOipClassifierBackend({
        client: {
          endpoint: s.endpoint!,
          ...(s.requestTimeoutMs === undefined ? {} : { timeoutMs: s.requestTimeoutMs }),
          ...(s.attempts === undefined ? {} : { attempts: s.attempts }),
        },
        modelDir: dir,
        ...(s.models?.[m.model]?.remoteModel ? { remoteModel: s.models[m.model]!.remoteModel! } : {}),
        ...(s.models?.[m.model]?.remoteVersion ? { remoteVersion: s.models[m.model]!.remoteVersion! } : {}),
        ...(s.models?.[m.model]?.inputDatatype ? { inputDatatype: s.models[m.model]!.inputDatatype! } : {}),
        ...(s.models?.[m.model]?.binaryData ? { binaryData: true } : {}),
        ...(s.maxBatchSize === undefined ? {} : { maxBatch: s.maxBatchSize }),
      });
      if (backend.model !== m.model || backend.version !== m.version) {
        throw new PoolConfigError(
          `Remote pool "${config.name}": the manifest in ${dir} is ${backend.model}@${backend.version}, the registry routes ${m.model}@${m.version}`,
        );
      }
      return backend;
    });
  }
  if (config.kind === 'gpu') {
    if (s.executionProvider !== 'webgpu') {
      throw new PoolConfigError(`GPU pool "${config.name}" needs settings.executionProvider "webgpu"`);
    }
    return [
      createDefectClassifierBackend({
        executionProviders: ['webgpu'],
        intraOpNumThreads: 1,
        ...(s.maxBatchSize === undefined ? {} : { maxBatch: s.maxBatchSize }),
      }),
    ];
  }
  if (config.kind !== 'cpu') throw new PoolConfigError(`Pool "${config.name}" has unknown kind "${config.kind}"`);
  return createCpuBackends();
}
