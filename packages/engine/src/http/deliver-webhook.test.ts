import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelayMs, deliverWebhook, type DeliverWebhookOptions } from './deliver-webhook.ts';
import { createGuardedFetch, type GuardedFetch } from './guarded-fetch.ts';
import { startLocalServer, type LocalServer, type RecordedRequest } from './local-server.test-support.ts';
import { verifySignature } from '@conveyor/nodes/server';

/** The receiver answers from a script: one entry per delivery, then 200. */
let script: ((res: ServerResponse) => void)[] = [];
let receiver: LocalServer;
let guarded: GuardedFetch;
let sleeps: number[];

const reply =
  (status: number, body = '', headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    res.writeHead(status, headers).end(body);
const stall = () => () => {}; // never answers: the attempt times out

beforeAll(async () => {
  receiver = await startLocalServer((_req, res) => (script.shift() ?? reply(200, 'ok'))(res));
  guarded = createGuardedFetch({ allowHosts: [`127.0.0.1:${receiver.port}`] });
});
afterAll(async () => {
  await guarded.close();
  await receiver.close();
});
beforeEach(() => {
  script = [];
  receiver.requests.length = 0;
  sleeps = [];
});

function deliver(overrides: Partial<DeliverWebhookOptions> = {}) {
  return deliverWebhook({
    fetch: guarded,
    url: `${receiver.url}/hooks/claims`,
    payload: { runId: 'run-1', decision: 'approve' },
    secret: 'whsec_test',
    idempotencyKey: 'run-1:webhook-node',
    backoff: { baseMs: 100, maxMs: 1000 },
    random: () => 1,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
}

function verified(request: RecordedRequest) {
  return verifySignature(request.headers['conveyor-signature'] as string, request.body, ['whsec_test']).ok;
}

describe('deliverWebhook', () => {
  it('retries 503 twice, then succeeds, with the same key and a valid signature on every attempt', async () => {
    script = [reply(503, 'busy'), reply(503, 'busy')];
    const result = await deliver();
    expect(result.delivered).toBe(true);
    expect(result.attempts.map((a) => [a.responseStatus, a.outcome, a.retryable])).toEqual([
      [503, 'failed', true],
      [503, 'failed', true],
      [200, 'delivered', false],
    ]);
    expect(result.attempts[0]).toMatchObject({ error: 'HTTP 503: busy', errorCode: 'http_503', delayMs: 100 });
    expect(sleeps).toEqual([100, 200]);

    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set(['run-1:webhook-node']),
    );
    expect(receiver.requests.map((r) => r.headers['conveyor-delivery-attempt'])).toEqual(['1', '2', '3']);
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({ runId: 'run-1', decision: 'approve' });
      expect(verified(request)).toBe(true);
    }
  });

  it('does not retry a 4xx and keeps what the receiver said', async () => {
    script = [reply(400, JSON.stringify({ error: 'unknown claim' }))];
    const result = await deliver();
    expect(result.delivered).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({
      responseStatus: 400,
      retryable: false,
      errorCode: 'http_400',
      error: 'HTTP 400: {"error":"unknown claim"}',
      delayMs: null,
    });
    expect(receiver.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a timed-out attempt', async () => {
    script = [stall()];
    const result = await deliver({ timeoutMs: 200 });
    expect(result.delivered).toBe(true);
    expect(result.attempts[0]).toMatchObject({ errorCode: 'timeout', retryable: true, responseStatus: null });
    expect(result.attempts[0]?.durationMs).toBeGreaterThanOrEqual(150);
    expect(result.attempts[1]).toMatchObject({ outcome: 'delivered', responseStatus: 200 });
  });

  it('gives up after maxAttempts on connection failures, backing off each time', async () => {
    const closed = await startLocalServer(() => {});
    await closed.close();
    const f = createGuardedFetch({ allowHosts: [`127.0.0.1:${closed.port}`] });
    const result = await deliver({ fetch: f, url: `${closed.url}/`, maxAttempts: 4 });
    await f.close();
    expect(result.delivered).toBe(false);
    expect(result.attempts.map((a) => a.errorCode)).toEqual(Array(4).fill('connection_failed'));
    expect(sleeps).toEqual([100, 200, 400]);
    expect(result.attempts[3]?.delayMs).toBeNull();
  });

  it('never retries a refused address', async () => {
    const strict = createGuardedFetch();
    const result = await deliver({ fetch: strict });
    await strict.close();
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ errorCode: 'ssrf_blocked', retryable: false });
    expect(result.attempts[0]?.error).toContain('loopback');
    expect(receiver.requests).toHaveLength(0);
  });

  it('waits at least Retry-After, capped by the backoff ceiling', async () => {
    script = [reply(503, '', { 'retry-after': '0' }), reply(503, '', { 'retry-after': '30' })];
    const result = await deliver();
    expect(result.delivered).toBe(true);
    expect(sleeps).toEqual([100, 1000]);
  });

  it('stops when the caller aborts during the wait', async () => {
    script = [reply(500), reply(500)];
    const controller = new AbortController();
    const result = await deliver({
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toHaveLength(1);
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt, stays within [d/2, d] and respects the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, { baseMs: 1000, maxMs: 5000 }, () => 1))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
    expect(backoffDelayMs(3, { baseMs: 1000, maxMs: 60_000 }, () => 0)).toBe(2000);
    for (let i = 0; i < 50; i += 1) {
      const d = backoffDelayMs(2, { baseMs: 1000 });
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});
