import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { PreparingClient } from './preparing-client.ts';

export interface DbOptions {
  url: string;
  /** Connections in the shared pool (Prisma and raw SQL use the same pool). */
  max?: number;
  applicationName?: string;
  /**
   * `synchronous_commit = off` for this pool's sessions: a commit returns before its WAL
   * is flushed. Only for work that is safe to redo — a Postgres crash may roll back the
   * last ~0.6 s of such commits to an earlier consistent state (never a torn one), and the
   * engine re-executes from there with the same idempotency keys. Transactions that
   * acknowledge something to the outside (a run accepted, a decision taken) switch it back
   * on with `SET LOCAL synchronous_commit = on`.
   */
  asyncCommit?: boolean;
  /** Hot parameterised statements become named prepared statements (preparing-client.ts). Default on. */
  prepare?: boolean;
}

/**
 * The database handle every service takes as `{ db }`: Prisma for the domain, and the
 * underlying pg pool for the few hot paths (queue hand-off, audit inserts) that need plain
 * SQL inside the same transaction as pg-boss.
 */
export interface Db {
  prisma: PrismaClient;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'conveyor',
    idleTimeoutMillis: 30_000,
    // Never wait forever: a server that went away must surface as an error, not a hang.
    connectionTimeoutMillis: 10_000,
    query_timeout: 120_000,
    ...sessionOptions(options),
    ...(options.prepare === false ? {} : { Client: PreparingClient }),
  });
  // An idle client that loses its server (Postgres restart) must not crash the process;
  // the next query reconnects.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    prisma,
    pool,
    url: options.url,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Server settings for every session of a pool, as libpq `options`. */
export function sessionOptions(o: { asyncCommit?: boolean }): { options?: string } {
  return o.asyncCommit ? { options: '-c synchronous_commit=off' } : {};
}
