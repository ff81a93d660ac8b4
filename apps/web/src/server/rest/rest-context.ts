import type { Db } from '@conveyor/db';
import type { Engine, GuardedFetch, MediaStore } from '@conveyor/engine/server';
import type { EvidenceLinkKey } from '../services/inbox/evidence-link.ts';
import type { TokenBuckets } from './rate-limiter.ts';
import type { RunWaiter } from './run-waiter.ts';

/**
 * Everything the public HTTP API needs, passed in (never reached for): the Next route
 * handlers build it from the web process's singletons, tests and the benchmark from
 * their own database, engine and store.
 */
export interface RestContext {
  db: Db;
  engine: Pick<Engine, 'startRun' | 'cancelRun' | 'resumeStep' | 'awaitEvidence'>;
  /** Content-addressed bytes (shared with the runner). */
  store: MediaStore;
  /** SSRF-guarded fetch for media URLs. */
  fetch: GuardedFetch;
  /** Decrypts trigger secrets (CONVEYOR_SECRET_KEY). */
  secretKey: Buffer | undefined;
  waiter: RunWaiter;
  buckets: TokenBuckets;
  limits: RestLimits;
  log: (error: unknown, message: string) => void;
  /** Signing key and public address for the upload links a "more info" decision sends. */
  evidenceLinks?: { baseUrl: string; key: EvidenceLinkKey };
}

export interface RestLimits {
  /** Per media object, uploaded or downloaded (CONVEYOR_MAX_MEDIA_BYTES). */
  maxMediaBytes: number;
  /** A body that sends nothing for this long is cut off with 408. */
  bodyIdleTimeoutMs: number;
  /** Whole-body ceiling (a slow trickle). */
  bodyTotalTimeoutMs: number;
  /** Per media URL download. */
  mediaUrlTimeoutMs: number;
  /** Step-queue depth beyond which webhooks answer 503. */
  maxQueueDepth: number;
  /** Signature tolerance, seconds (5 minutes). */
  signatureToleranceSec: number;
  /** How long a trigger row is reused per process (0 = read on every request). */
  triggerCacheMs: number;
}

export const DEFAULT_REST_LIMITS: RestLimits = {
  maxMediaBytes: 100 * 1024 * 1024,
  bodyIdleTimeoutMs: 10_000,
  bodyTotalTimeoutMs: 120_000,
  mediaUrlTimeoutMs: 30_000,
  maxQueueDepth: 50_000,
  signatureToleranceSec: 300,
  triggerCacheMs: 1000,
};
