import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export interface DbOptions {
  url: string;
  /** Connections in the shared pool (Prisma and raw SQL use the same pool). */
  max?: number;
  applicationName?: string;
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
