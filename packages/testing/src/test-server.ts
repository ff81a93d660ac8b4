import path from 'node:path';
import pg from 'pg';
import {
  migrateDeploy,
  migrationsFingerprint,
  startEmbeddedPostgres,
  type EmbeddedHandle,
} from '@conveyor/db/bootstrap';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The Postgres server tests use: TEST_DATABASE_URL or DATABASE_URL when set (any database
 * on that server; tests create their own), else an embedded server kept in .data/test-pg.
 */
export async function startTestServer(): Promise<{ adminUrl: string; embedded: EmbeddedHandle | null }> {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (configured) return { adminUrl: withDatabase(configured, 'postgres'), embedded: null };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(ROOT, '.data/test'),
    port: Number(process.env.CONVEYOR_TEST_PG_PORT ?? 54330),
  });
  return { adminUrl: withDatabase(embedded.url, 'postgres'), embedded };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates (once per migration set) a migrated template database and returns its name. */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = `conveyor_tpl_${await migrationsFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(72707370)');
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const building = `${name}_build`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      await migrateDeploy(withDatabase(adminUrl, building));
      // Renamed only when complete: a crash mid-migration never leaves a half template.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    await admin.query('SELECT pg_advisory_unlock(72707370)');
  } finally {
    await admin.end();
  }
  return name;
}
