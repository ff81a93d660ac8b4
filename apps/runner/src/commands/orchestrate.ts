import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, parseSecretKey, startHeartbeat } from '@conveyor/db';
import {
  LocalMediaStore,
  createEngine,
  createGuardedFetch,
  createSecretStore,
  createWorkspaceMedia,
  startBoss,
} from '@conveyor/engine/server';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createInferClient, createModelRegistry } from '@conveyor/inference';
import type { RunnerEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { onShutdown, exitWhenOrphaned } from '../shutdown.ts';
import { StartupError } from '../errors.ts';
import { startDemoClaims } from '../demo-claims/start-demo-claims.ts';

/**
 * The orchestrator: advances runs (claims ready steps, executes nodes, fires timers).
 * It reports a heartbeat that /api/health reads.
 */
export async function orchestrate(env: RunnerEnv) {
  const log = createLogger('runner', env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new StartupError('orchestrate needs DATABASE_URL (npm start sets it for you)');
  if (!env.CONVEYOR_SECRET_KEY)
    throw new StartupError('orchestrate needs CONVEYOR_SECRET_KEY (npm start sets it for you)');
  const secretKey = parseSecretKey(env.CONVEYOR_SECRET_KEY);
  const db = createDb({ url: env.DATABASE_URL, max: 20, applicationName: 'conveyor-runner', asyncCommit: true });
  const boss = await startBoss({ url: env.DATABASE_URL, applicationName: 'conveyor-runner-boss', asyncCommit: true });
  const store = new LocalMediaStore(path.join(env.CONVEYOR_DATA_DIR, 'media'));
  const allow = env.CONVEYOR_OUTBOUND_ALLOW.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const fetch = createGuardedFetch({
    allowHosts: allow.filter((a) => !a.includes('/')),
    allowCidrs: allow.filter((a) => a.includes('/')),
  });
  const inferClient = await createInferClient({ db, boss, registry: createModelRegistry(db) });
  const engine = createEngine({
    db,
    boss,
    logger: log,
    executors: [...nodeExecutors],
    media: (workspaceId) => createWorkspaceMedia({ db, store, workspaceId, maxBytes: env.CONVEYOR_MAX_MEDIA_BYTES }),
    secrets: (workspaceId) => createSecretStore(db, secretKey, workspaceId),
    fetch,
    infer: (workspaceId) => inferClient.forWorkspace(workspaceId),
    // Signs run callbacks with the trigger's (encrypted) secret.
    secretKey,
  });
  await engine.startWorkers({ batchSize: env.CONVEYOR_STEP_BATCH });

  const id = `orchestrator-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  const heartbeat = await startHeartbeat(
    db,
    {
      id,
      kind: 'orchestrator',
      host: os.hostname(),
      pid: process.pid,
      startedAt: new Date(),
      info: () => ({ inFlight: engine.inFlight() }),
    },
    env.CONVEYOR_HEARTBEAT_MS,
    (error) => log.warn({ err: error }, 'heartbeat failed'),
  );
  log.info({ workerId: id, executors: nodeExecutors.map((e) => e.definition.type) }, 'runner started');

  exitWhenOrphaned(env.CONVEYOR_SUPERVISED);
  // Under `npm start` only: a standalone runner never adds data to a workspace by itself.
  const demo = new AbortController();
  const demoClaims =
    env.CONVEYOR_SUPERVISED && env.CONVEYOR_DEMO_CLAIMS
      ? startDemoClaims({
          db,
          engine,
          media: (ws) => createWorkspaceMedia({ db, store, workspaceId: ws, maxBytes: env.CONVEYOR_MAX_MEDIA_BYTES }),
          log,
          signal: demo.signal,
        })
      : Promise.resolve();
  onShutdown(
    async (signal) => {
      demo.abort();
      await demoClaims;
      log.info({ signal, inFlight: engine.inFlight() }, 'runner stopping: finishing in-flight work');
      await engine.stopWorkers();
      await boss.stop({ graceful: true, timeout: 20_000 });
      await heartbeat.stop();
      await fetch.close();
      await inferClient.close();
      await db.close();
      log.info('runner stopped');
    },
    (m) => log.error(m),
  );
}
