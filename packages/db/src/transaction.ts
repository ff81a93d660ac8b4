import type pg from 'pg';
import type { Db } from './client.ts';

export type SqlClient = Pick<pg.PoolClient, 'query'>;

/**
 * Runs `fn` in one Postgres transaction on a dedicated pool client and commits, or rolls
 * back on any throw. Used where several writes (a state row, an audit event, a pg-boss job)
 * must land together or not at all. Pass `existing` to join a caller's transaction.
 */
export async function withTransaction<T>(
  db: Pick<Db, 'pool'>,
  fn: (client: SqlClient) => Promise<T>,
  existing?: SqlClient,
): Promise<T> {
  if (existing) return fn(existing);
  const client = await db.pool.connect();
  // A checked-out client whose server goes away (Postgres restart) emits 'error'; without
  // a listener that would crash the process. Note it, and destroy the client on release.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** Adapter pg-boss accepts as its `db` option, bound to one transaction client. */
export function asBossDb(client: SqlClient) {
  return {
    executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]),
  };
}
