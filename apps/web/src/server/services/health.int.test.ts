import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beat } from '@conveyor/db';
import { startBoss } from '@conveyor/engine/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { getHealth } from './health.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('getHealth', () => {
  it('is degraded and names what is down when the queue and runner are missing', async () => {
    const report = await getHealth({ db: t.db, runnerStaleMs: 15_000 });
    expect(report.status).toBe('degraded');
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.queue).toMatchObject({ ok: false });
    expect(report.checks.runner).toMatchObject({ ok: false, detail: expect.stringMatching(/no runner heartbeat/) });
  });

  it('is ok once pg-boss has its schema and a runner beats; stale beats do not count', async () => {
    const boss = await startBoss({ url: t.url, listenNotify: false });
    try {
      await beat(t.db, { id: 'r1', kind: 'orchestrator', host: os.hostname(), pid: 1, startedAt: new Date() });
      const report = await getHealth({ db: t.db, runnerStaleMs: 15_000 });
      expect(report.status).toBe('ok');
      expect(report.checks.queue.detail).toMatch(/pg-boss schema v\d+/);
      expect(report.workers.map((w) => w.id)).toEqual(['r1']);

      await t.db.pool.query(`UPDATE worker_heartbeats SET last_seen = now() - interval '1 minute'`);
      expect((await getHealth({ db: t.db, runnerStaleMs: 15_000 })).status).toBe('degraded');
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it('reports the database down without throwing', async () => {
    const { createDb } = await import('@conveyor/db');
    const dead = createDb({ url: 'postgresql://nobody@127.0.0.1:1/none' });
    const report = await getHealth({ db: dead, runnerStaleMs: 15_000 });
    expect(report.status).toBe('degraded');
    expect(report.checks.database.ok).toBe(false);
    expect(report.checks.queue.detail).toBe('database down');
    await dead.close();
  });
});
