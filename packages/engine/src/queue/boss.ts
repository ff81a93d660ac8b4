import { PgBoss } from 'pg-boss';
import { PreparingClient, sessionOptions } from '@conveyor/db';

export const BOSS_SCHEMA = 'pgboss';

export interface BossOptions {
  url: string;
  /** Connections pg-boss may hold; its pool is separate from the domain pool. */
  max?: number;
  applicationName?: string;
  /** Wake workers on job creation instead of waiting out the polling interval. */
  listenNotify?: boolean;
  /** See DbOptions.asyncCommit: job fetch/complete are safe to redo. */
  asyncCommit?: boolean;
  /** pg-boss's statements prepared once per connection too (see @conveyor/db PreparingClient). */
  prepare?: boolean;
}

/** A started pg-boss on the `pgboss` schema (created or migrated on first start). */
export async function startBoss(options: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.url,
    ...sessionOptions(options),
    schema: BOSS_SCHEMA,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'conveyor-boss',
    useListenNotify: options.listenNotify ?? true,
    // Passed through to its pg.Pool: fetch and complete are planned once per connection.
    ...(options.prepare === false ? {} : { Client: PreparingClient }),
  } as ConstructorParameters<typeof PgBoss>[0]);
  // pg-boss reports connection trouble as events; a lost connection must not crash the
  // process (it reconnects and polling resumes).
  boss.on('error', () => {});
  await boss.start();
  return boss;
}
