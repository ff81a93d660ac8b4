import 'server-only';
import path from 'node:path';
import pino from 'pino';
import { parseSecretKey } from '@conveyor/db';
import {
  LocalMediaStore,
  createEngine,
  createGuardedFetch,
  createSecretStore,
  createWorkspaceMedia,
  startBoss,
  type Engine,
} from '@conveyor/engine/server';
import { NonRetriableError } from '@conveyor/nodes/server';
import { env, outboundAllowList } from '@/env';
import { getDb } from './db';

interface WebEngine {
  engine: Engine;
  /** Content-addressed bytes on disk, shared with the runner and pools. */
  store: LocalMediaStore;
  media: (workspaceId: string) => ReturnType<typeof createWorkspaceMedia>;
  close: () => Promise<void>;
}

const globalForEngine = globalThis as unknown as { conveyorEngine?: Promise<WebEngine> };

/**
 * The engine as the web process uses it: control only — start, cancel, resume, re-run —
 * with no step workers (the runner executes steps). One per server process, created on
 * first use so `next build` never connects.
 */
export function getEngine(): Promise<WebEngine> {
  globalForEngine.conveyorEngine ??= createWebEngine().catch((error: unknown) => {
    globalForEngine.conveyorEngine = undefined;
    throw error;
  });
  return globalForEngine.conveyorEngine;
}

async function createWebEngine(): Promise<WebEngine> {
  const e = env();
  const db = getDb();
  // Sends jobs only; the runner's boss does maintenance and LISTENs.
  const boss = await startBoss({
    url: e.DATABASE_URL,
    max: 4,
    applicationName: 'conveyor-web-boss',
    listenNotify: false,
  });
  const store = new LocalMediaStore(path.join(e.CONVEYOR_DATA_DIR, 'media'));
  const key = e.CONVEYOR_SECRET_KEY ? parseSecretKey(e.CONVEYOR_SECRET_KEY) : undefined;
  const fetch = createGuardedFetch(outboundAllowList(e));
  const media = (workspaceId: string) =>
    createWorkspaceMedia({ db, store, workspaceId, maxBytes: e.CONVEYOR_MAX_MEDIA_BYTES });
  const engine = createEngine({
    db,
    boss,
    logger: pino({ name: 'web-engine', level: e.LOG_LEVEL }),
    executors: [],
    media,
    infer: () => () => {
      throw new NonRetriableError('inference runs in the runner, not the web process');
    },
    secrets: (workspaceId) => {
      if (!key) throw new NonRetriableError('CONVEYOR_SECRET_KEY is not set');
      return createSecretStore(db, key, workspaceId);
    },
    fetch,
  });
  return {
    engine,
    store,
    media,
    close: async () => {
      await boss.stop({ graceful: false });
      await fetch.close();
    },
  };
}
