import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureTemplate, startTestServer, withDatabase } from '@conveyor/testing';
import type { BenchServer } from './suite.ts';

/** Same server choice as the tests: TEST_DATABASE_URL/DATABASE_URL, else embedded. */
export async function benchDatabase(): Promise<BenchServer> {
  const { adminUrl, embedded } = await startTestServer();
  const template = await ensureTemplate(adminUrl);
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    adminUrl,
    async createDatabase() {
      const name = `conveyor_bench_${randomBytes(4).toString('hex')}`;
      await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return { url: withDatabase(adminUrl, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    async close() {
      await embedded?.stop();
    },
  };
}
