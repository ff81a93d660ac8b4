import { cp, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '@conveyor/testing';
import { MIGRATIONS_DIR, migrateDeploy } from './migrate.ts';

// Runs against an empty database (not the template) to exercise the migrator itself.
const adminUrl = () => inject('pgAdminUrl');
const name = `${inject('pgRunPrefix')}mig_${Date.now().toString(36)}`;
let url: string;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  url = withDatabase(adminUrl(), name);
});
afterAll(async () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('migrateDeploy', () => {
  it('applies every migration once, and nothing the second time', async () => {
    const first = await migrateDeploy(url);
    expect(first.applied.length).toBeGreaterThanOrEqual(2);
    const second = await migrateDeploy(url);
    expect(second.applied).toEqual([]);
  });

  it('is safe when two processes start at once', async () => {
    const results = await Promise.all([migrateDeploy(url), migrateDeploy(url)]);
    expect(results.flatMap((r) => r.applied)).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await writeFile(path.join(dir, '20261128000100_audit_append_only', 'migration.sql'), '-- edited\nSELECT 1;');
    await expect(migrateDeploy(url, dir)).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls a failing migration back whole and says which one failed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, '29991231000000_broken'));
    await writeFile(
      path.join(dir, '29991231000000_broken', 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
    );
    await expect(migrateDeploy(url, dir)).rejects.toThrow(/29991231000000_broken failed: .*no_such_table/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const half = await c.query(`SELECT to_regclass('public.half_done') AS t`);
    const recorded = await c.query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'`);
    await c.end();
    expect(half.rows[0].t).toBeNull();
    expect(recorded.rowCount).toBe(0);
  });
});
