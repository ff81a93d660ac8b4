import pino from 'pino';
import { createDb } from '@conveyor/db';
import { LocalMediaStore, createEngine, createGuardedFetch, startBoss } from '@conveyor/engine/server';
import { NonRetriableError } from '@conveyor/nodes/server';
import { TokenBuckets } from './rate-limiter.ts';
import { DEFAULT_REST_LIMITS, type RestContext } from './rest-context.ts';
import { createRunWaiter } from './run-waiter.ts';

export interface IntakeOptions {
  databaseUrl: string;
  /** Decrypts trigger secrets (CONVEYOR_SECRET_KEY). */
  secretKey: Buffer | undefined;
  /** The content-addressed media store's folder (shared with the runner and pools). */
  mediaDir: string;
  maxMediaBytes?: number;
  /** CONVEYOR_OUTBOUND_ALLOW, split: media URLs go through the SSRF guard with it. */
  allow?: { allowHosts: string[]; allowCidrs: string[] };
  logLevel?: string;
}

/**
 * A REST context of its own for webhook intake outside Next's router — the web server's
 * fast path (serve-web.ts) and the benchmark's intake process: its own pool (10, as the
 * web's), a control-only engine (no step workers: the runner executes; it only starts runs
 * that came with media), the run waiter for `Prefer: wait`. Built from plain options, so
 * it runs without Next and without `server-only` modules.
 */
export async function createIntakeContext(o: IntakeOptions): Promise<RestContext & { close(): Promise<void> }> {
  const db = createDb({ url: o.databaseUrl, max: 10, applicationName: 'conveyor-web-intake' });
  const boss = await startBoss({
    url: o.databaseUrl,
    max: 4,
    applicationName: 'conveyor-web-intake-boss',
    listenNotify: false,
  });
  const fetch = createGuardedFetch({ ...o.allow, timeoutMs: DEFAULT_REST_LIMITS.mediaUrlTimeoutMs });
  const logger = pino({ name: 'intake', level: o.logLevel ?? 'info' });
  const refuse = () => {
    throw new NonRetriableError('steps run in the runner, not in the web process');
  };
  const engine = createEngine({
    db,
    boss,
    logger,
    executors: [],
    media: refuse,
    infer: refuse,
    secrets: refuse,
    fetch,
  });
  const waiter = createRunWaiter(db);
  return {
    db,
    engine,
    store: new LocalMediaStore(o.mediaDir),
    fetch,
    secretKey: o.secretKey,
    waiter,
    buckets: new TokenBuckets(),
    limits: { ...DEFAULT_REST_LIMITS, maxMediaBytes: o.maxMediaBytes ?? DEFAULT_REST_LIMITS.maxMediaBytes },
    log: (error, message) => logger.error({ err: error }, message),
    async close() {
      await waiter.close();
      await boss.stop({ graceful: false });
      await fetch.close();
      await db.close();
    },
  };
}
