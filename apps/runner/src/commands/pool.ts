import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { createDb, startHeartbeat } from '@conveyor/db';
import type { RunnerEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, exitWhenOrphaned } from '../shutdown.ts';
import { StartupError } from '../errors.ts';

/** A pool worker: pulls inference requests for one pool in batches (issue: inference). */
export async function pool(env: RunnerEnv, name: string) {
  const log = createLogger(`pool:${name}`, env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new StartupError('pool needs DATABASE_URL (npm start sets it for you)');
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new StartupError(`Invalid pool name "${name}"`);
  const db = createDb({ url: env.DATABASE_URL, max: 3, applicationName: `conveyor-pool-${name}` });
  const id = `pool-${name}-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const heartbeat = await startHeartbeat(
    db,
    { id, kind: 'pool', pool: name, host: os.hostname(), pid: process.pid, startedAt: new Date() },
    env.CONVEYOR_HEARTBEAT_MS,
    (error) => log.warn({ err: error }, 'heartbeat failed'),
  );
  log.info({ pool: name, workerId: id }, 'pool started');
  exitWhenOrphaned(env.CONVEYOR_SUPERVISED);
  onShutdown(
    async () => {
      await heartbeat.stop();
      await db.close();
      log.info('pool stopped');
    },
    (m) => log.error(m),
  );
}
