import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeConfigError, NonRetriableError, RetryableError } from '../sdk/errors.ts';
import type { GuardedFetch } from '../sdk/context.ts';
import { isSuspension } from '../sdk/executor.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { SIGNATURE_HEADER, verifySignature } from './signature.server.ts';
import { webhookDefinition } from './webhook.definition.ts';
import { MAX_RESPONSE_BODY_BYTES, canonicalJson, webhookBody, webhookExecutor } from './webhook.execute.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real receiver on 127.0.0.1 answering each request with `reply(request)`. */
async function receiver(reply: (req: Received) => Reply = () => ({ status: 200 })) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const answer = reply(request);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${port}/hooks/decision`, received };
}

const SECRET = 'whsec_test';
const payload = [{ outcome: 'approve', source: 'rule', decidedAt: '2026-01-01T00:00:00.000Z' }];
const fetch = globalThis.fetch as GuardedFetch;

function context(
  config: Record<string, unknown>,
  options: { attempt?: number; now?: Date; fetch?: GuardedFetch; signal?: AbortSignal; inputs?: unknown[] } = {},
) {
  return createFakeNodeContext(webhookDefinition, {
    config: { secret: 'claims-webhook', ...config },
    inputs: { payload: options.inputs ?? payload },
    runId: 'run-1',
    nodeId: 'send-decision',
    secrets: { 'claims-webhook': SECRET },
    fetch: options.fetch ?? fetch,
    attempt: options.attempt ?? 1,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

async function deliver(config: Record<string, unknown>, options: Parameters<typeof context>[1] = {}) {
  const ctx = context(config, options);
  const result = await webhookExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('webhook never suspends');
  return result;
}

async function failure(config: Record<string, unknown>, options: Parameters<typeof context>[1] = {}) {
  return deliver(config, options).then(
    () => {
      throw new Error('expected the delivery to fail');
    },
    (error: unknown) => error,
  );
}

describe('webhook body', () => {
  it('is canonical JSON: the same value gives the same bytes whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
    expect(webhookBody('r', 'n', [{ z: 1, a: 2 }])).toBe(webhookBody('r', 'n', [{ a: 2, z: 1 }]));
  });

  it('carries the single value that arrived, or the list when several did', () => {
    expect(JSON.parse(webhookBody('r', 'n', [{ a: 1 }]))).toEqual({ runId: 'r', nodeId: 'n', payload: { a: 1 } });
    expect(JSON.parse(webhookBody('r', 'n', [1, 2]))).toEqual({ runId: 'r', nodeId: 'n', payload: [1, 2] });
  });
});

describe('webhook executor', () => {
  it('POSTs signed JSON with the idempotency key and maps the response to outputs', async () => {
    const hook = await receiver(() => ({
      status: 201,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"accepted":true,"ticket":"T-9"}',
    }));
    const now = new Date('2026-01-01T00:00:00.000Z');
    const result = await deliver({ url: hook.url, headers: { 'X-Tenant': 'acme' } }, { now });
    expect(result.outputs.response).toEqual({
      status: 201,
      ok: true,
      contentType: 'application/json; charset=utf-8',
      body: { accepted: true, ticket: 'T-9' },
    });
    const [request] = hook.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks/decision');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('run-1:send-decision');
    expect(request?.headers['x-tenant']).toBe('acme');
    expect(request?.headers['conveyor-delivery-attempt']).toBe('1');
    expect(JSON.parse(request?.body ?? '')).toEqual({ runId: 'run-1', nodeId: 'send-decision', payload: payload[0] });
    const signature = request?.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(signature).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifySignature(signature, request?.body ?? '', [SECRET], { now })).toEqual({
      ok: true,
      timestamp: 1767225600,
      secretIndex: 0,
    });
  });

  it('sends the very same body on every attempt; only the signature time moves', async () => {
    const hook = await receiver();
    await deliver({ url: hook.url }, { attempt: 1, now: new Date('2026-01-01T00:00:00Z') });
    await deliver(
      { url: hook.url },
      { attempt: 2, now: new Date('2026-01-01T01:00:00Z'), inputs: [{ ...payload[0] }] },
    );
    const [first, second] = hook.received;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(second?.headers['conveyor-delivery-attempt']).toBe('2');
    expect(second?.headers['conveyor-signature']).not.toBe(first?.headers['conveyor-signature']);
    expect(
      verifySignature(second?.headers['conveyor-signature'] as string, second?.body ?? '', [SECRET], {
        now: new Date('2026-01-01T01:00:00Z'),
      }).ok,
    ).toBe(true);
  });

  it('uses the configured method and keeps a text response as text', async () => {
    const hook = await receiver(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'thanks' }));
    const result = await deliver({ url: hook.url, method: 'PUT' });
    expect(hook.received[0]?.method).toBe('PUT');
    expect(result.outputs.response).toMatchObject({ status: 200, body: 'thanks' });
  });

  it('reports a response too large for the step output instead of failing a delivered webhook', async () => {
    const hook = await receiver(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(MAX_RESPONSE_BODY_BYTES) }),
    }));
    const result = await deliver({ url: hook.url });
    expect(result.outputs.response).toEqual({
      status: 200,
      ok: true,
      contentType: 'application/json',
      body: null,
      bodyTooLarge: true,
    });
  });

  it.each([500, 502, 503, 408, 429])('retries a %i', async (status) => {
    const hook = await receiver(() => ({ status, body: 'busy' }));
    const error = await failure({ url: hook.url });
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe(`http_${status}`);
    expect((error as Error).message).toContain(`answered ${status}: busy`);
    expect((error as RetryableError).retryAfterMs).toBeUndefined();
  });

  it('honours Retry-After in seconds or as a date', async () => {
    const hook = await receiver((req) =>
      req.headers['conveyor-delivery-attempt'] === '1'
        ? { status: 503, headers: { 'retry-after': '7' } }
        : { status: 429, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' } },
    );
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(((await failure({ url: hook.url }, { now })) as RetryableError).retryAfterMs).toBe(7000);
    expect(((await failure({ url: hook.url }, { now, attempt: 2 })) as RetryableError).retryAfterMs).toBe(30_000);
  });

  it('does not retry a rejection, and quotes the start of the body', async () => {
    const long = `invalid payload: ${'y'.repeat(1000)}`;
    const hook = await receiver(() => ({ status: 422, body: long }));
    const error = await failure({ url: hook.url });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('webhook_rejected');
    const message = (error as Error).message;
    expect(message).toContain('answered 422: invalid payload: yyy');
    expect(message).toContain(`${long.slice(0, 300)}…`);
    expect(message).not.toContain(long.slice(0, 301));
  });

  it.each([400, 401, 404, 409])('treats %i as final', async (status) => {
    const hook = await receiver(() => ({ status }));
    expect(((await failure({ url: hook.url })) as NonRetriableError).code).toBe('webhook_rejected');
  });

  it('times out per attempt and asks for a retry', async () => {
    const hook = await receiver(() => ({ status: 200, delayMs: 3000 }));
    const started = Date.now();
    const error = await failure({ url: hook.url, timeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe('timeout');
  });

  it('retries when the receiver is unreachable', async () => {
    const hook = await receiver();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    const error = await failure({ url: hook.url });
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe('connection_failed');
  });

  it('gives up once the configured attempts are spent', async () => {
    const hook = await receiver(() => ({ status: 500 }));
    const error = await failure({ url: hook.url, maxAttempts: 3 }, { attempt: 3 });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('webhook_failed');
    expect((error as Error).message).toContain('attempt 3 of 3');
    expect((error as Error).cause).toBeInstanceOf(RetryableError);
  });

  it('maps the guarded fetch’s typed errors', async () => {
    const throwing = (name: string, extra: Record<string, unknown> = {}) =>
      (async () => {
        throw Object.assign(new Error(`${name} happened`), { name, ...extra });
      }) as GuardedFetch;
    const url = 'https://claims.example.com/hook';
    const blocked = await failure({ url }, { fetch: throwing('SsrfBlockedError', { retryable: false }) });
    expect((blocked as NonRetriableError).code).toBe('url_blocked');
    expect((blocked as Error).message).toContain('SsrfBlockedError happened');
    expect(((await failure({ url }, { fetch: throwing('HttpTimeoutError') })) as RetryableError).code).toBe('timeout');
    expect(((await failure({ url }, { fetch: throwing('HttpConnectionError') })) as RetryableError).code).toBe(
      'connection_failed',
    );
    expect(((await failure({ url }, { fetch: throwing('ResponseTooLargeError') })) as NonRetriableError).code).toBe(
      'webhook_response_too_large',
    );
    expect(((await failure({ url }, { fetch: throwing('HttpRedirectError') })) as NonRetriableError).code).toBe(
      'webhook_redirect_failed',
    );
    const odd = await failure({ url }, { fetch: throwing('SomethingElse') });
    expect((odd as Error).name).toBe('SomethingElse');
  });

  it('lets a cancellation through untouched', async () => {
    const hook = await receiver(() => ({ status: 200, delayMs: 2000 }));
    const controller = new AbortController();
    const canceled = Object.assign(new Error('Run canceled'), { name: 'AbortError' });
    setTimeout(() => controller.abort(canceled), 50);
    expect(await failure({ url: hook.url }, { signal: controller.signal })).toBe(canceled);
  });

  it('fails with a config error when the signing credential is missing', async () => {
    const ctx = createFakeNodeContext(webhookDefinition, {
      config: { url: 'https://claims.example.com/hook', secret: 'nope' },
      inputs: { payload },
      fetch,
    });
    await expect(webhookExecutor.execute(ctx, ctx.inputs)).rejects.toBeInstanceOf(NodeConfigError);
  });
});
