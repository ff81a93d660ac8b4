import 'server-only';
import { createDb, type Db } from '@conveyor/db';
import { env } from '@/env';

const globalForDb = globalThis as unknown as { conveyorDb?: Db };

/** One pool per server process (kept across hot reloads in dev). */
export function getDb(): Db {
  globalForDb.conveyorDb ??= createDb({ url: env().DATABASE_URL, max: 10, applicationName: 'conveyor-web' });
  return globalForDb.conveyorDb;
}
