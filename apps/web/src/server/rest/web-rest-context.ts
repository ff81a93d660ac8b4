import 'server-only';
import pino from 'pino';
import { parseSecretKey } from '@conveyor/db';
import { createGuardedFetch } from '@conveyor/engine/server';
import { env, outboundAllowList } from '@/env';
import { getDb } from '../db.ts';
import { getEngine } from '../engine.ts';
import { evidenceLinks } from '../services/inbox/evidence-link-config.ts';
import { TokenBuckets } from './rate-limiter.ts';
import { DEFAULT_REST_LIMITS, type RestContext } from './rest-context.ts';
import { createRunWaiter } from './run-waiter.ts';

const globalForRest = globalThis as unknown as { conveyorRest?: Promise<RestContext> };

/** The REST context of this web process: built on first use, shared by every request. */
export function getRestContext(): Promise<RestContext> {
  globalForRest.conveyorRest ??= build().catch((error: unknown) => {
    globalForRest.conveyorRest = undefined;
    throw error;
  });
  return globalForRest.conveyorRest;
}

async function build(): Promise<RestContext> {
  const e = env();
  const db = getDb();
  const web = await getEngine();
  const logger = pino({ name: 'rest' });
  return {
    db,
    engine: web.engine,
    store: web.store,
    // Media URLs are the client's choice of address: only through the SSRF guard.
    fetch: createGuardedFetch({ ...outboundAllowList(e), timeoutMs: DEFAULT_REST_LIMITS.mediaUrlTimeoutMs }),
    secretKey: e.CONVEYOR_SECRET_KEY ? parseSecretKey(e.CONVEYOR_SECRET_KEY) : undefined,
    waiter: createRunWaiter(db),
    buckets: new TokenBuckets(),
    limits: { ...DEFAULT_REST_LIMITS, maxMediaBytes: e.CONVEYOR_MAX_MEDIA_BYTES },
    log: (error, message) => logger.error({ err: error }, message),
    ...withEvidenceLinks(),
  };
}

function withEvidenceLinks(): Pick<RestContext, 'evidenceLinks'> {
  const links = evidenceLinks();
  return links ? { evidenceLinks: links } : {};
}
