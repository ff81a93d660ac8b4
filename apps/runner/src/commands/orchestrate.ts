import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { beat, createDb, removeHeartbeat } from '@conveyor/db';
import { startBoss } from '@conveyor/engine/server';
import type { RunnerEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, exitWhenOrphaned } from '../shutdown.ts';
import { StartupError } from '../errors.ts';

/**
 * The orchestrator: advances runs (claims ready steps, executes nodes, fires timers).
 * It reports a heartbeat that /api/health reads.
 */
export async function orchestrate(env: RunnerEnv) {
  const log = createLogger('runner', env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new StartupError('orchestrate needs DATABASE_URL (npm start sets it for you)');
  const db = createDb({ url: env.DATABASE_URL, applicationName: 'conveyor-runner' });
  const boss = await startBoss({ url: env.DATABASE_URL, applicationName: 'conveyor-runner-boss' });
  const id = `orchestrator-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const startedAt = new Date();
  const heartbeat = () =>
    beat(db, { id, kind: 'orchestrator', host: os.hostname(), pid: process.pid, startedAt }).catch((error) =>
      log.warn({ err: error }, 'heartbeat failed'),
    );
  await heartbeat();
  const timer = setInterval(heartbeat, env.CONVEYOR_HEARTBEAT_MS);
  log.info({ workerId: id }, 'runner started');

  exitWhenOrphaned(env.CONVEYOR_SUPERVISED);
  onShutdown(async (signal) => {
    log.info({ signal }, 'runner stopping: finishing in-flight work');
    clearInterval(timer);
    await boss.stop({ graceful: true, timeout: 20_000 });
    await removeHeartbeat(db, id).catch(() => {});
    await db.close();
    log.info('runner stopped');
  }, (m) => log.error(m));
}
