import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@conveyor/db';
import { migrateDeploy, startEmbeddedPostgres, type EmbeddedHandle } from '@conveyor/db/bootstrap';
import { freePort } from './start-process.ts';
import { queueFiveNodeRuns } from './queue-runs.ts';

// The database itself goes away mid-load (a Postgres restart on its own embedded cluster):
// the runner keeps its process, reconnects, and every run still finishes exactly once.
const RUNS = 200;
const key = randomBytes(32).toString('hex');
let dataDir: string;
let pgPort: number;
let pg: EmbeddedHandle;
let db: Db;
let worker: ChildProcess | undefined;
let receiver: http.Server;
let port: number;
const bodiesByKey = new Map<string, Set<string>>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-pg-restart-'));
  await chmod(dataDir, 0o755);
  pgPort = await freePort();
  pg = await startEmbeddedPostgres({ dataDir, port: pgPort });
  await migrateDeploy(pg.url);
  db = createDb({ url: pg.url, max: 4 });
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const k = String(req.headers['idempotency-key']);
      bodiesByKey.set(k, (bodiesByKey.get(k) ?? new Set()).add(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  worker?.kill('SIGKILL');
  receiver?.close();
  await db?.close().catch(() => {});
  await pg?.stop().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

describe('Postgres restart under load', () => {
  it('loses no run and completes no step twice', async () => {
    await queueFiveNodeRuns({ db, url: pg.url, receiverPort: port, secretKeyHex: key, runs: RUNS });

    worker = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'engine-worker.ts'), pg.url, `127.0.0.1:${port}`, key],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    await new Promise<void>((resolve) => worker!.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
    const succeeded = async () =>
      (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`)).rows[0]!.n;
    const deadline = Date.now() + 200_000;
    while ((await succeeded()) < RUNS * 0.25 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    // Restart Postgres: connections drop, in-flight transactions roll back.
    await pg.stop();
    await new Promise((r) => setTimeout(r, 1500));
    pg = await startEmbeddedPostgres({ dataDir, port: pgPort });

    let done = 0;
    while (Date.now() < deadline) {
      done = await succeeded().catch(() => done);
      if (done === RUNS) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (done !== RUNS) {
      const jobs = await db.pool.query(`SELECT state, count(*)::int FROM pgboss.job GROUP BY state`);
      const steps = await db.pool.query(`SELECT status, count(*)::int FROM steps GROUP BY status`);
      process.stdout.write(`jobs ${JSON.stringify(jobs.rows)} steps ${JSON.stringify(steps.rows)}\n`);
    }
    expect(done).toBe(RUNS);
    const twice = await db.pool.query(
      `SELECT step_id FROM step_attempts WHERE status = 'succeeded' GROUP BY step_id HAVING count(*) > 1`,
    );
    expect(twice.rowCount).toBe(0);
    expect(bodiesByKey.size).toBe(RUNS);
    expect([...bodiesByKey.values()].filter((b) => b.size > 1)).toEqual([]);
  }, 300_000);
});
