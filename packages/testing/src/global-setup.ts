import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureTemplate, startTestServer } from './test-server.ts';
import './provided-context.ts';

export default async function setup(project: TestProject) {
  const { adminUrl, embedded } = await startTestServer();
  const template = await ensureTemplate(adminUrl);
  const prefix = `conveyor_t_${Date.now().toString(36)}_`;
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgRunPrefix', prefix);
  return async () => {
    // Drop whatever a crashed test file left behind in this run.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  };
}
