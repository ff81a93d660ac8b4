import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, startHeartbeat } from '@conveyor/db';
import { LocalMediaStore, createWorkspaceMedia, startBoss } from '@conveyor/engine/server';
import { createCpuBackends, startPoolWorker } from '@conveyor/inference';
import type { RunnerEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, exitWhenOrphaned } from '../shutdown.ts';
import { StartupError } from '../errors.ts';

/** A pool worker: pulls inference requests for one pool in batches and runs its models. */
export async function pool(env: RunnerEnv, name: string) {
  const log = createLogger(`pool:${name}`, env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new StartupError('pool needs DATABASE_URL (npm start sets it for you)');
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new StartupError(`Invalid pool name "${name}"`);
  if (name.startsWith('gpu')) {
    throw new StartupError(
      `Pool "${name}" needs a GPU backend, which this build does not start; run CPU pools here (CONVEYOR_POOLS=cpu).`,
    );
  }
  const db = createDb({ url: env.DATABASE_URL, max: 4, applicationName: `conveyor-pool-${name}` });
  const boss = await startBoss({ url: env.DATABASE_URL, max: 4, applicationName: `conveyor-pool-${name}-boss` });
  const store = new LocalMediaStore(path.join(env.CONVEYOR_DATA_DIR, 'media'));
  const media = (workspaceId: string) =>
    createWorkspaceMedia({ db, store, workspaceId, maxBytes: env.CONVEYOR_MAX_MEDIA_BYTES });
  const worker = await startPoolWorker({
    db,
    boss,
    pool: name,
    backends: createCpuBackends(),
    readMedia: (workspaceId, ref) => media(workspaceId).get(ref),
    putMedia: (workspaceId, bytes, contentType) => media(workspaceId).put(bytes, { contentType }),
    maxBatchSize: 16,
    maxWaitMs: 10,
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
  log.info({ pool: name, workerId: id }, 'pool started');
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
