import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, startHeartbeat } from '@conveyor/db';
import { BOSS_SCHEMA, LocalMediaStore, createWorkspaceMedia, startBoss } from '@conveyor/engine/server';
import {
  PoolConfigError,
  createPoolBackends,
  loadPoolConfig,
  startPoolWorker,
  type InferenceBackend,
  type PoolConfig,
} from '@conveyor/inference';
import type { RunnerEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, exitWhenOrphaned } from '../shutdown.ts';
import { StartupError } from '../errors.ts';

/** A pool worker: pulls inference requests for one pool in batches and runs its models. */
export async function pool(env: RunnerEnv, name: string) {
  const log = createLogger(`pool:${name}`, env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new StartupError('pool needs DATABASE_URL (npm start sets it for you)');
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new StartupError(`Invalid pool name "${name}"`);
  const db = createDb({ url: env.DATABASE_URL, max: 4, applicationName: `conveyor-pool-${name}` });
  // The pool's kind and settings come from the registry (`pools` row): CPU, remote (Open
  // Inference Protocol endpoint) or GPU (WebGPU). Settings that cannot work stop the start.
  let config: PoolConfig;
  let backends: InferenceBackend[];
  try {
    config = await loadPoolConfig(db, name);
    if (config.kind === 'cpu' && name.startsWith('gpu')) {
      throw new PoolConfigError(
        `Pool "${name}" is not registered as a GPU or remote pool; register it (pools.kind "gpu" with executionProvider "webgpu", or "remote" with an endpoint) or run CPU pools (CONVEYOR_POOLS=cpu).`,
      );
    }
    backends = createPoolBackends(config);
    if (config.kind === 'gpu') {
      // Load now: without a GPU (or its Vulkan driver) the pool must refuse to start, not
      // fail every request later, and never fall back to the CPU quietly.
      for (const b of backends) {
        await b.load().catch((error: unknown) => {
          throw new PoolConfigError(
            `Pool "${name}": ${b.model} cannot run on the GPU here (${(error as Error).message}); this machine needs a GPU with a Vulkan driver`,
          );
        });
      }
    }
  } catch (error) {
    await db.close();
    if (error instanceof PoolConfigError) throw new StartupError(error.message);
    throw error;
  }
  const boss = await startBoss({ url: env.DATABASE_URL, max: 4, applicationName: `conveyor-pool-${name}-boss` });
  const store = new LocalMediaStore(path.join(env.CONVEYOR_DATA_DIR, 'media'));
  const media = (workspaceId: string) =>
    createWorkspaceMedia({ db, store, workspaceId, maxBytes: env.CONVEYOR_MAX_MEDIA_BYTES });
  const worker = await startPoolWorker({
    db,
    boss,
    pool: name,
    backends,
    readMedia: (workspaceId, ref) => media(workspaceId).get(ref),
    putMedia: (workspaceId, bytes, contentType) => media(workspaceId).put(bytes, { contentType }),
    maxBatchSize: config.settings.maxBatchSize ?? 16,
    maxWaitMs: config.settings.maxWaitMs ?? 10,
    ...(config.settings.timeoutMs === undefined ? {} : { timeoutMs: config.settings.timeoutMs }),
    bossSchema: BOSS_SCHEMA,
    log: (msg, fields) => log.warn(fields ?? {}, msg),
  });
  const id = `pool-${name}-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const heartbeat = await startHeartbeat(
    db,
    {
      id,
      kind: 'pool',
      pool: name,
      host: os.hostname(),
      pid: process.pid,
      startedAt: new Date(),
      info: () => worker.stats.snapshot(),
    },
    env.CONVEYOR_HEARTBEAT_MS,
    (error) => log.warn({ err: error }, 'heartbeat failed'),
  );
  log.info(
    {
      pool: name,
      kind: config.kind,
      models: backends.map((b) => `${b.model}@${b.version} (${b.backend})`),
      workerId: id,
    },
    'pool started',
  );
  exitWhenOrphaned(env.CONVEYOR_SUPERVISED);
  onShutdown(
    async () => {
      await worker.stop();
      await boss.stop({ graceful: true, timeout: 5000 });
      await heartbeat.stop();
      await db.close();
      log.info('pool stopped');
    },
    (m) => log.error(m),
  );
}
