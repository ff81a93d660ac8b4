import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDeploy } from '@conveyor/db/bootstrap';
import { withDatabase } from '@conveyor/testing';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';

// Foundation figures: how long a fresh database takes to migrate (what a first start
// pays) and to clone from the template (what every integration test file pays).
const suite: BenchSuite = {
  name: 'db',
  description: 'fresh migration and per-test database clone',
  async run({ server }) {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    const migrate: number[] = [];
    for (let i = 0; i < 3; i++) {
      const name = `conveyor_bench_mig_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const t0 = performance.now();
      await migrateDeploy(withDatabase(server.adminUrl, name));
      migrate.push(performance.now() - t0);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    await admin.end();
    const clone: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const db = await server.createDatabase();
      clone.push(performance.now() - t0);
      await db.drop();
    }
    return {
      migrate_fresh_ms_p50: round(percentile(migrate, 50)),
      test_db_clone_ms_p50: round(percentile(clone, 50)),
    };
  },
};
export default suite;
