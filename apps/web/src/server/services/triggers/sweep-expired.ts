import type { Db } from '@conveyor/db';

let lastSweep = 0;

/**
 * Replay-guard rows live for twice the signature tolerance, idempotency keys (webhooks' and
 * REST v1's) for 24 h; after that they only take space (a new request takes an expired key
 * over anyway). Requests that write them sweep them, at most once a minute per process and
 * a bounded batch per table, off the request's path; a failed sweep is retried by a later one.
 */
export function sweepExpiredKeys(db: Pick<Db, 'pool'>, everyMs = 60_000, now = Date.now()): Promise<void> | undefined {
  if (now - lastSweep < everyMs) return undefined;
  lastSweep = now;
  return (async () => {
    for (const table of ['seen_signatures', 'idempotency_keys', 'api_idempotency_keys']) {
      await db.pool.query(
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE expires_at < now() LIMIT 5000)`,
      );
    }
  })().catch(() => {});
}
