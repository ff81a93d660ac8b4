import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlExample, multipartExample, nodeExample } from '@/features/settings/signing-examples';
import { PNG_1X1 } from '../../rest/__corpus__/webhook-corpus.ts';
import { startRestHarness, type RestHarness } from '../../rest/__tests__/rest-harness.ts';

let h: RestHarness;
let hook: { id: string; secret: string; url: string };
beforeAll(async () => {
  h = await startRestHarness();
  const wf = await h.publish();
  hook = await h.trigger(wf.workflowId);
});
afterAll(async () => h?.close());

/** Echo → a review that never gets decided: its runs stay running (waiting). */
const waitsForReview = {
  nodes: [
    { id: 'in', type: 'rest-echo', typeVersion: 1, config: {} },
    { id: 'r', type: 'rest-review', typeVersion: 1, config: {} },
  ],
  edges: [{ from: { node: 'in', port: 'out' }, to: { node: 'r', port: 'in' } }],
};

function post(body: string, headers: Record<string, string> = {}, url = hook.url, secret = hook.secret) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'conveyor-signature': h.sign(secret, body), ...headers },
  });
}

describe('POST /api/hooks/{triggerId}', () => {
  it('accepts a signed JSON body: 202, Location, and the run exists with the body as input', async () => {
    const res = await post(JSON.stringify({ claimId: 'C-1', amount: 12 }));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`/api/v1/runs/${body.runId}`);
    const run = await h.t.db.prisma.run.findUniqueOrThrow({ where: { id: body.runId } });
    expect(run).toMatchObject({ triggerId: hook.id, triggerKind: 'webhook', input: { claimId: 'C-1', amount: 12 } });
  });

  it('Prefer: wait=N answers 200 with the outputs when the run finishes in time', async () => {
    const res = await post(JSON.stringify({ claimId: 'C-2' }), { prefer: 'wait=10' });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('wait=10');
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'succeeded',
      output: { b: { out: { claimId: 'C-2', checked: true, routed: true } } },
    });
  });

  it('Prefer: wait=N answers 202 when N passes first', async () => {
    const wf = await h.publish(waitsForReview);
    const slow = await h.trigger(wf.workflowId);
    const started = Date.now();
    const res = await post(JSON.stringify({ x: 1 }), { prefer: 'wait=1' }, slow.url, slow.secret);
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('clamps wait above the ceiling to 60 s (Preference-Applied says so)', async () => {
    const res = await post(JSON.stringify({ claimId: 'C-3' }), { prefer: 'respond-async, wait=600' });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('wait=60');
  });

  it('Idempotency-Key: the same key and body give the same run; a different body is 422', async () => {
    const body = JSON.stringify({ claimId: 'C-4' });
    const first = await post(body, { 'idempotency-key': 'claim-C-4' });
    const again = await post(body, { 'idempotency-key': 'claim-C-4' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).runId).toBe((await first.json()).runId);
    const other = await post(JSON.stringify({ claimId: 'C-4b' }), { 'idempotency-key': 'claim-C-4' });
    expect(other.status).toBe(422);
    expect((await other.json()).type).toBe('https://conveyor.dev/problems/idempotency-key-reused');
    expect(await h.t.db.prisma.run.count({ where: { input: { path: ['claimId'], equals: 'C-4' } } })).toBe(1);
  });

  it('a verbatim re-send with the same Idempotency-Key gets the same run even though the signature repeats', async () => {
    const body = JSON.stringify({ claimId: 'C-5' });
    const headers = {
      'content-type': 'application/json',
      'conveyor-signature': h.sign(hook.secret, body),
      'idempotency-key': 'k5',
    };
    const a = await fetch(hook.url, { method: 'POST', body, headers });
    const b = await fetch(hook.url, { method: 'POST', body, headers });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await a.json()).runId).toBe((await b.json()).runId);
  });

  it('concurrent twins with one Idempotency-Key make one run', async () => {
    const body = JSON.stringify({ claimId: 'C-6' });
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(body, { 'idempotency-key': 'twins' })));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).runId)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(ids.size).toBe(1);
  });

  it('rate-limits per trigger with 429 and Retry-After', async () => {
    const wf = await h.publish();
    const limited = await h.trigger(wf.workflowId, { settings: { ratePerSecond: 0.1, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await post(JSON.stringify({ i }), {}, limited.url, limited.secret);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect((await res.json()).type).toBe('https://conveyor.dev/problems/rate-limited');
      }
    }
    expect(statuses).toEqual([202, 202, 429]);
  });

  it('answers 429 backlog-full with Retry-After once the workflow backlog is at its limit', async () => {
    const wf = await h.publish(waitsForReview, { backlogLimit: 2 });
    // Two runs already waiting for a slot (queued and running runs count).
    await h.t.db.pool.query(
      `INSERT INTO runs (workspace_id, workflow_id, workflow_version_id, status)
       SELECT workspace_id, id, (SELECT id FROM workflow_versions WHERE workflow_id = $1), 'queued'::"RunStatus" FROM workflows WHERE id = $1
       UNION ALL
       SELECT workspace_id, id, (SELECT id FROM workflow_versions WHERE workflow_id = $1), 'queued'::"RunStatus" FROM workflows WHERE id = $1`,
      [wf.workflowId],
    );
    const full = await h.trigger(wf.workflowId);
    const res = await post(JSON.stringify({ x: 1 }), {}, full.url, full.secret);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ type: 'https://conveyor.dev/problems/backlog-full', backlog: 2 });
  });

  it('between two counts of the backlog, lets through only what fits under the limit', async () => {
    const wf = await h.publish(waitsForReview, { backlogLimit: 3 });
    const limited = await h.trigger(wf.workflowId);
    // Eight at once against a limit of 3 with nothing waiting: the count is read once, and
    // the requests admitted since it are added to it.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(JSON.stringify({ i }), {}, limited.url, limited.secret)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('answers 503 queue-saturated when the step queue is over its depth limit', async () => {
    const { resetQueueDepthCache } = await import('../../rest/backpressure.ts');
    const before = h.ctx.limits.maxQueueDepth;
    await h.t.db.pool.query(`UPDATE pgboss.queue SET queued_count = 500 WHERE name = 'conveyor-steps'`);
    h.ctx.limits.maxQueueDepth = 100;
    resetQueueDepthCache();
    try {
      const res = await post(JSON.stringify({ x: 1 }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(await res.json()).toMatchObject({
        type: 'https://conveyor.dev/problems/queue-saturated',
        queue: 'conveyor-steps',
        queueDepth: 500,
      });
      // An inference pool's backlog counts too.
      await h.t.db.pool.query(`UPDATE pgboss.queue SET queued_count = 0 WHERE name = 'conveyor-steps'`);
      await h.boss.createQueue('conveyor-pool-gpu');
      await h.t.db.pool.query(`UPDATE pgboss.queue SET queued_count = 900 WHERE name = 'conveyor-pool-gpu'`);
      resetQueueDepthCache();
      const pool = await post(JSON.stringify({ x: 2 }));
      expect(pool.status).toBe(503);
      expect(await pool.json()).toMatchObject({ queue: 'conveyor-pool-gpu', queueDepth: 900 });
      await h.t.db.pool.query(`UPDATE pgboss.queue SET queued_count = 0 WHERE name = 'conveyor-pool-gpu'`);
    } finally {
      h.ctx.limits.maxQueueDepth = before;
      resetQueueDepthCache();
    }
  });
});

describe('expired rows', () => {
  it('sweeps replay-guard rows and idempotency keys past their expiry, and keeps live ones', async () => {
    const { sweepExpiredKeys } = await import('./sweep-expired.ts');
    const run = await h.t.db.prisma.run.findFirstOrThrow({ where: { triggerId: hook.id } });
    await h.t.db.pool.query(
      `INSERT INTO seen_signatures (trigger_id, signature, expires_at) VALUES ($1, 'old', now() - interval '1 s'), ($1, 'live', now() + interval '1 h')`,
      [hook.id],
    );
    await h.t.db.pool.query(
      `INSERT INTO idempotency_keys (trigger_id, key, body_hash, run_id, expires_at) VALUES ($1, 'old-key', 'x', $2, now() - interval '1 s')`,
      [hook.id, run.id],
    );
    await sweepExpiredKeys(h.t.db, 0, Date.now() + 120_000);
    const left = await h.t.db.pool.query(`SELECT signature FROM seen_signatures WHERE signature IN ('old', 'live')`);
    expect(left.rows).toEqual([{ signature: 'live' }]);
    expect(await h.t.db.prisma.idempotencyKey.count({ where: { key: 'old-key' } })).toBe(0);
  });
});

describe('the copyable examples on the settings page', () => {
  const run = promisify(execFile);

  it('the curl + openssl example starts a run and waits for its result', async () => {
    const { stdout } = await run('bash', ['-c', curlExample(hook.url, hook.secret)], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'succeeded', output: { b: { out: { claimId: 'C-1001' } } } });
  });

  it('the multipart example uploads a photo that becomes the run’s media', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'multipart-example-'));
    try {
      await writeFile(path.join(dir, 'damage.jpg'), PNG_1X1);
      // The example labels the file image/jpeg; this fixture is a PNG, so relabel it honestly.
      const script = multipartExample(hook.url, hook.secret).replace(
        'Content-Type: image/jpeg',
        'Content-Type: image/png',
      );
      const { stdout } = await run('bash', ['-c', script], { cwd: dir, timeout: 30_000 });
      const { runId } = JSON.parse(stdout) as { runId: string };
      const run2 = await h.t.db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run2.input).toMatchObject({
        claimId: 'C-1001',
        media: [{ contentType: 'image/png', width: 1, height: 1 }],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the Node.js example is accepted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'node-example-'));
    try {
      await writeFile(path.join(dir, 'call.mjs'), nodeExample(hook.url, hook.secret));
      const { stdout } = await run(process.execPath, [path.join(dir, 'call.mjs')], { timeout: 30_000 });
      expect(stdout).toMatch(/^202 \/api\/v1\/runs\/[0-9a-f-]{36} /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
