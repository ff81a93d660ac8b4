import type { Db } from '@conveyor/db';

let lastSweep = 0;

/**
 * Replay-guard rows live for twice the signature tolerance and idempotency keys for 24 h;
 * after that they only take space. Webhook traffic sweeps them, at most once a minute per
 * process and a bounded batch at a time, off the request's path.
 */
export function sweepExpiredWebhookRows(
  db: Pick<Db, 'pool'>,
  everyMs = 60_000,
  now = Date.now(),
): Promise<void> | undefined {
  if (now - lastSweep < everyMs) return undefined;
  lastSweep = now;
  return (async () => {
    for (const table of ['seen_signatures', 'idempotency_keys']) {
      await db.pool.query(
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE expires_at < now() LIMIT 5000)`,
      );
    }
  })().catch(() => {});
}
