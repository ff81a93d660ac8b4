import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@conveyor/db';
import { verifySignature } from '@conveyor/nodes/server';
import { createGuardedFetch, type GuardedFetch } from '../../http/guarded-fetch.ts';
import { startLocalServer, type LocalServer } from '../../http/local-server.test-support.ts';
import pino from 'pino';
import { createEngine } from '../engine.ts';
import { RUN_FINISHED_CHANNEL } from '../run-callbacks.ts';
import { createHarness, edge, node, type Harness } from './harness.ts';
import { allTestExecutors } from './test-nodes.ts';

const key = randomBytes(32);
const secret = 'whsec_test_callback_secret';
let h: Harness;
let fetch: GuardedFetch;
let listener: pg.Client;
const finished: string[] = [];

beforeAll(async () => {
  // Loopback is allow-listed only for the receiver's port range used here: 127.0.0.1 by host.
  fetch = createGuardedFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 2000 });
  h = await createHarness(allTestExecutors, {
    engine: { fetch, secretKey: key, callbacks: { maxAttempts: 3, backoff: { baseMs: 50, maxMs: 100 } } },
  });
  listener = new pg.Client({ connectionString: h.t.url });
  await listener.connect();
  listener.on('notification', (n) => n.payload && finished.push(n.payload));
  await listener.query(`LISTEN ${RUN_FINISHED_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await h?.close();
  await fetch?.close();
});

const graph = {
  nodes: [node('src', 'test-source'), node('a', 'test-add', { n: 2 })],
  edges: [edge('src', 'out', 'a', 'in')],
};

async function runWithCallback(callbackUrl: string | null) {
  const wf = await h.publish(graph);
  const trigger = await h.t.db.prisma.trigger.create({
    data: {
      workspaceId: h.workspaceId,
      workflowId: wf.workflowId,
      kind: 'webhook',
      name: 'claims portal',
      secretCiphertext: encryptSecret(key, secret),
      callbackUrl,
    },
  });
  const { runId } = await h.engine.startRun({
    workspaceId: h.workspaceId,
    workflowId: wf.workflowId,
    workflowVersionId: wf.versionId,
    input: { value: 40 },
    triggerKind: 'webhook',
    triggerId: trigger.id,
  });
  return { runId, triggerId: trigger.id };
}

async function deliveries(runId: string, until: (rows: { status: string }[]) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await h.t.db.pool.query<{
      attempt: number;
      status: string;
      response_status: number | null;
      error: string | null;
      idempotency_key: string;
    }>(
      `SELECT attempt, status, response_status, error, idempotency_key FROM webhook_deliveries
        WHERE run_id = $1 AND purpose = 'callback' ORDER BY attempt`,
      [runId],
    );
    if (until(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`deliveries for ${runId}: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('run completion', () => {
  it('notifies run_finished with the run id and status when the run settles', async () => {
    const { runId } = await runWithCallback(null);
    await h.waitForRun(runId);
    await expect.poll(() => finished.includes(`${runId}:succeeded`)).toBe(true);
    // No callback URL: no job, no delivery rows.
    const { rows } = await h.t.db.pool.query('SELECT 1 FROM webhook_deliveries WHERE run_id = $1', [runId]);
    expect(rows).toHaveLength(0);
  });
});

describe('run callbacks', () => {
  let receiver: LocalServer;
  let replies: number[] = [];
  beforeAll(async () => {
    receiver = await startLocalServer((_req, res) => {
      res.statusCode = replies.shift() ?? 200;
      res.end('ok');
    });
  });
  afterAll(async () => receiver?.close());

  it('POSTs the signed result once the run succeeds, with an idempotency key, and records it', async () => {
    receiver.requests.length = 0;
    const { runId, triggerId } = await runWithCallback(`${receiver.url}/claims/callback`);
    const rows = await deliveries(runId, (r) => r.some((d) => d.status === 'delivered'));
    expect(rows).toMatchObject([{ attempt: 1, status: 'delivered', response_status: 200 }]);
    const request = receiver.requests.find((q) => q.body.includes(runId))!;
    expect(request.url).toBe('/claims/callback');
    expect(request.headers['idempotency-key']).toBe(`run:${runId}:callback`);
    expect(verifySignature(request.headers['conveyor-signature'] as string, request.body, [secret]).ok).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'run.finished',
      runId,
      triggerId,
      status: 'succeeded',
      output: { a: { out: { value: 42 } } },
    });
  });

  it('retries a receiver that answers 503, keeping the same idempotency key', async () => {
    replies = [503, 503];
    receiver.requests.length = 0;
    const { runId } = await runWithCallback(`${receiver.url}/flaky`);
    const rows = await deliveries(runId, (r) => r.some((d) => d.status === 'delivered'));
    expect(rows.map((d) => [d.attempt, d.status, d.response_status])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'delivered', 200],
    ]);
    const keys = new Set(receiver.requests.map((q) => q.headers['idempotency-key']));
    expect(keys).toEqual(new Set([`run:${runId}:callback`]));
  });

  it('gives up after the last attempt when the receiver is down', async () => {
    const down = await startLocalServer((_q, res) => res.end());
    await down.close(); // nothing listens on this port any more
    const { runId } = await runWithCallback(`${down.url}/gone`);
    const rows = await deliveries(runId, (r) => r.some((d) => d.status === 'failed'));
    expect(rows.map((d) => d.status)).toEqual(['retrying', 'retrying', 'failed']);
    expect(rows[2]!.error).toBeTruthy();
    expect(rows[2]!.response_status).toBeNull();
  });

  it('refuses a private address that is not allow-listed, without retrying', async () => {
    const { runId } = await runWithCallback('http://10.1.2.3/internal');
    const rows = await deliveries(runId, (r) => r.length > 0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempt: 1, status: 'failed', response_status: null });
    expect(rows[0]!.error).toMatch(/private|refused|blocked/i);
  });

  it('calls back on a canceled run too', async () => {
    receiver.requests.length = 0;
    const wf = await h.publish({
      nodes: [node('src', 'test-source'), node('w', 'test-wait')],
      edges: [edge('src', 'out', 'w', 'in')],
    });
    const trigger = await h.t.db.prisma.trigger.create({
      data: {
        workspaceId: h.workspaceId,
        workflowId: wf.workflowId,
        kind: 'webhook',
        name: 'x',
        secretCiphertext: encryptSecret(key, secret),
        callbackUrl: `${receiver.url}/cancel`,
      },
    });
    const { runId } = await h.engine.startRun({
      workspaceId: h.workspaceId,
      workflowId: wf.workflowId,
      workflowVersionId: wf.versionId,
      triggerKind: 'webhook',
      triggerId: trigger.id,
    });
    await h.waitForRun(runId, ['waiting', 'running']);
    await h.engine.cancelRun(runId);
    await deliveries(runId, (r) => r.some((d) => d.status === 'delivered'));
    expect(JSON.parse(receiver.requests.find((q) => q.url === '/cancel')!.body)).toMatchObject({ status: 'canceled' });
  });

  it('survives the runner going away between attempts: another engine delivers the pending retry', async () => {
    const unused = (() => {
      throw new Error('unused');
    }) as never;
    const engineWith = (tag: string, baseMs: number) =>
      createEngine({
        db: h.t.db,
        boss: h.boss,
        logger: pino({ level: 'silent' }),
        executors: allTestExecutors,
        media: unused,
        infer: unused,
        secrets: unused,
        // Tags its requests, so the receiver can tell which engine sent an attempt.
        fetch: Object.assign(
          (url: string | URL, init?: Parameters<GuardedFetch>[1]) =>
            fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-engine': tag } }),
          { close: async () => {} },
        ),
        secretKey: key,
        callbacks: { maxAttempts: 3, backoff: { baseMs, maxMs: baseMs } },
      });
    await h.engine.stopWorkers();
    // Engine A waits 1–2 s before its retry; it stops before the retry is due.
    const first = engineWith('first', 2000);
    await first.startWorkers({ pollingIntervalSeconds: 0.5 });
    replies = [503];
    receiver.requests.length = 0;
    const { runId } = await runWithCallback(`${receiver.url}/restart`);
    await deliveries(runId, (r) => r.some((d) => d.status === 'retrying'));
    await first.stopWorkers();
    // The pending attempt exists only as a pg-boss row: engine B picks it up.
    const second = engineWith('second', 50);
    await second.startWorkers({ pollingIntervalSeconds: 0.5 });
    try {
      const rows = await deliveries(runId, (r) => r.some((d) => d.status === 'delivered'));
      expect(rows.map((d) => d.status)).toEqual(['retrying', 'delivered']);
      const sent = receiver.requests.filter((q) => q.url === '/restart').map((q) => q.headers['x-engine']);
      expect(sent).toEqual(['first', 'second']);
    } finally {
      await second.stopWorkers();
    }
  });
});
