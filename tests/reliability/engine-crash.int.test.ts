import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { queueFiveNodeRuns } from './queue-runs.ts';

// 500 runs of a 5-node workflow with an outside effect (a signed webhook) in the middle.
// The runner is killed with SIGKILL mid-way and a new one takes over: every run must
// finish, no step may complete twice, and the receiver must never see one idempotency
// key with two different bodies.
const RUNS = 500;
const key = randomBytes(32).toString('hex');
let t: TestDatabase;
let receiver: http.Server;
let port: number;
const deliveries = new Map<string, Set<string>>();
let received = 0;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const idem = String(req.headers['idempotency-key']);
      const payload = JSON.stringify(JSON.parse(body));
      const bodies = deliveries.get(idem) ?? new Set();
      bodies.add(payload);
      deliveries.set(idem, bodies);
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  receiver?.close();
  await t?.drop();
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'engine-worker.ts'), t.url, `127.0.0.1:${port}`, key],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

async function count(sql: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(sql);
  return rows[0]!.n;
}

describe('runner killed with SIGKILL under load', () => {
  it('finishes every run, completes no step twice, and never changes a delivered body', async () => {
    await queueFiveNodeRuns({ db: t.db, url: t.url, receiverPort: port, secretKeyHex: key, runs: RUNS });

    const first = await startWorker();
    const succeeded = () => count(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`);
    const deadline = Date.now() + 120_000;
    while ((await succeeded()) < RUNS * 0.3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.kill('SIGKILL');
    const killedAt = await succeeded();
    expect(killedAt).toBeLessThan(RUNS);

    await startWorker();
    while ((await succeeded()) < RUNS && Date.now() < deadline + 120_000) await new Promise((r) => setTimeout(r, 200));

    expect(await succeeded()).toBe(RUNS);
    // No step completed twice: one succeeded attempt and one audit event per step.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT step_id FROM step_attempts WHERE status = 'succeeded' GROUP BY step_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT step_id FROM audit_events WHERE action = 'step.succeeded' GROUP BY step_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM steps WHERE status = 'succeeded'`)).toBe(RUNS * 5);
    // Every run's webhook was delivered; a re-delivery after the crash carried the same body.
    expect(deliveries.size).toBe(RUNS);
    expect([...deliveries.values()].filter((bodies) => bodies.size > 1)).toEqual([]);
    expect(received).toBeGreaterThanOrEqual(RUNS);
    const redelivered = received - RUNS;
    process.stdout.write(
      `[reliability] ${RUNS} runs: SIGKILL after ${killedAt} had succeeded; all ${RUNS} finished; ` +
        `${redelivered} webhook re-deliveries, all with the same body and key\n`,
    );
  }, 300_000);
});
