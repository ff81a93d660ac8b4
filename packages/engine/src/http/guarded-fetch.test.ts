import { createServer } from 'node:net';
import type { GuardedFetch as NodeContextFetch } from '@conveyor/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpConnectionError,
  HttpRedirectError,
  HttpTimeoutError,
  ResponseTooLargeError,
  SsrfBlockedError,
} from './errors.ts';
import { createGuardedFetch, type GuardedFetch } from './guarded-fetch.ts';
import { startLocalServer, type LocalServer } from './local-server.test-support.ts';

let target: LocalServer; // never allow-listed: every request that reaches it is a failure
let origin: LocalServer; // allow-listed by host:port
let other: LocalServer; // allow-listed, a second origin
let guarded: GuardedFetch;
const fetches: GuardedFetch[] = [];

function make(options: Parameters<typeof createGuardedFetch>[0]): GuardedFetch {
  const f = createGuardedFetch(options);
  fetches.push(f);
  return f;
}

beforeAll(async () => {
  target = await startLocalServer((_req, res) => res.end('secret'));
  other = await startLocalServer((req, res) => res.end(JSON.stringify({ auth: req.headers.authorization ?? null })));
  origin = await startLocalServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const to = (status: number, location: string) => res.writeHead(status, { location }).end();
    switch (path) {
      case '/hello':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.headers['user-agent']}`);
      case '/to-target':
        return to(302, `${target.url}/`);
      case '/to-file':
        return to(302, 'file:///etc/passwd');
      case '/to-other':
        return to(302, `${other.url}/who`);
      case '/hop':
        return to(301, '/hello');
      case '/see-other':
        return to(303, '/echo');
      case '/temporary':
        return to(307, '/echo');
      case '/echo':
        return void res.end(JSON.stringify({ method: req.method, body: req.body }));
      case '/loop':
        return to(302, '/loop');
      case '/stall':
        return; // never answers
      case '/stall-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.write('first part…');
      case '/big-chunked': {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (let i = 0; i < 32; i += 1) res.write(chunk); // 2 MiB, no Content-Length
        return void res.end();
      }
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
        return void res.write('x'); // announces 5 MiB; the client must not wait for it
      case '/reset-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        return void setTimeout(() => res.socket?.destroy(), 20);
      case '/exact':
        return void res.end(Buffer.alloc(1024, 2));
      default:
        return void res.writeHead(404).end();
    }
  });
  guarded = make({ allowHosts: [`127.0.0.1:${origin.port}`, `127.0.0.1:${other.port}`], timeoutMs: 2000 });
});

afterAll(async () => {
  await Promise.all(fetches.map((f) => f.close()));
  await Promise.all([target, origin, other].map((s) => s.close()));
});

describe('guarded fetch: refusals', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '127.0.0.1'],
    ['[::1]', '::1'],
  ])('refuses loopback spelled %s', async (host, address) => {
    const error = await guarded(`http://${host}:${target.port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error).toMatchObject({ reason: 'address', address, range: 'loopback' });
    expect(target.requests).toHaveLength(0);
  });

  it('refuses localhost after resolving it with the system resolver', async () => {
    const error = await guarded(`http://localhost:${target.port}/`).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SsrfBlockedError', hostname: 'localhost', range: 'loopback' });
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a public-looking name that resolves to a private address', async () => {
    const f = make({ resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] });
    const error = await f(`http://images.example.com:${target.port}/a.jpg`).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'SsrfBlockedError',
      url: `http://images.example.com:${target.port}/a.jpg`,
      hostname: 'images.example.com',
      address: '127.0.0.1',
    });
    expect((error as Error).message).toContain('127.0.0.1 is a loopback address (host images.example.com)');
    expect(target.requests).toHaveLength(0);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'data:text/plain,hi', 'gopher://example.com/'])(
    'refuses the scheme of %s',
    async (url) => {
      await expect(guarded(url)).rejects.toMatchObject({ name: 'SsrfBlockedError', reason: 'scheme' });
    },
  );

  it('refuses a redirect from an allowed server to a non-allowed private address', async () => {
    const error = await guarded(`${origin.url}/to-target`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error).toMatchObject({ url: `${target.url}/`, address: '127.0.0.1', range: 'loopback' });
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    await expect(guarded(`${origin.url}/to-file`)).rejects.toMatchObject({
      name: 'SsrfBlockedError',
      reason: 'scheme',
    });
  });
});

describe('guarded fetch: allowed requests and redirects', () => {
  it('fetches through a host:port allow rule and names itself', async () => {
    // The same function is what node executors get as ctx.fetch.
    const asContextFetch: NodeContextFetch = guarded;
    const res = await asContextFetch(`${origin.url}/hello`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('hello Conveyor (+outbound)');
    expect(res.url).toBe(`${origin.url}/hello`);
    expect(res.redirected).toBe(false);
  });

  it('allows a name through the allow-list whatever it resolves to', async () => {
    const f = make({
      allowHosts: [`receiver.test:${origin.port}`],
      resolveHost: async () => [{ address: '127.0.0.1' }],
    });
    const res = await f(`http://receiver.test:${origin.port}/hello`, { headers: { 'user-agent': 'custom' } });
    expect(await res.text()).toBe('hello custom');
  });

  it('follows allowed redirects and reports the final url', async () => {
    const res = await guarded(`${origin.url}/hop`);
    expect(await res.text()).toContain('hello');
    expect(res.url).toBe(`${origin.url}/hello`);
    expect(res.redirected).toBe(true);
  });

  it('turns POST into GET on 303 and keeps method and body on 307', async () => {
    const seeOther = await guarded(`${origin.url}/see-other`, { method: 'POST', body: 'payload' });
    expect(await seeOther.json()).toEqual({ method: 'GET', body: '' });
    const temporary = await guarded(`${origin.url}/temporary`, { method: 'POST', body: 'payload' });
    expect(await temporary.json()).toEqual({ method: 'POST', body: 'payload' });
  });

  it('drops Authorization when a redirect leaves the origin', async () => {
    const res = await guarded(`${origin.url}/to-other`, { headers: { authorization: 'Bearer s3cret' } });
    expect(await res.json()).toEqual({ auth: null });
    const direct = await guarded(`${other.url}/who`, { headers: { authorization: 'Bearer s3cret' } });
    expect(await direct.json()).toEqual({ auth: 'Bearer s3cret' });
  });

  it('stops after maxRedirects hops', async () => {
    const f = make({ allowHosts: [`127.0.0.1:${origin.port}`], maxRedirects: 3 });
    const before = origin.requests.length;
    const error = await f(`${origin.url}/loop`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRedirectError);
    expect(error).toMatchObject({ reason: 'too-many' });
    expect(origin.requests.length - before).toBe(4);
  });

  it('hands back the redirect itself with redirect: manual', async () => {
    const res = await guarded(`${origin.url}/to-target`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${target.url}/`);
  });
});

describe('guarded fetch: time and size limits', () => {
  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const error = await guarded(`${origin.url}/stall`, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ phase: 'total', timeoutMs: 200, retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out while reading a body that stalls half way', async () => {
    const res = await guarded(`${origin.url}/stall-body`, { timeoutMs: 300 });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toBeInstanceOf(HttpTimeoutError);
  });

  it('fails an oversize streamed body instead of truncating it', async () => {
    const f = make({ allowHosts: [`127.0.0.1:${origin.port}`], maxResponseBytes: 1024 * 1024 });
    const res = await f(`${origin.url}/big-chunked`);
    const error = await res.arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: 1024 * 1024 });
    expect((error as ResponseTooLargeError).receivedBytes).toBeGreaterThan(1024 * 1024);
  });

  it('refuses a body whose Content-Length is already over the limit', async () => {
    const error = await guarded(`${origin.url}/big-declared`, { maxResponseBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ receivedBytes: 5 * 1024 * 1024 });
  });

  it('accepts a body of exactly the limit', async () => {
    const res = await guarded(`${origin.url}/exact`, { maxResponseBytes: 1024 });
    expect((await res.arrayBuffer()).byteLength).toBe(1024);
  });
});

describe('guarded fetch: connection failures', () => {
  it('reports a refused connection as a retryable HttpConnectionError', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const f = make({ allowHosts: [`127.0.0.1:${closed}`] });
    const error = await f(`http://127.0.0.1:${closed}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect(error).toMatchObject({ causeCode: 'ECONNREFUSED', retryable: true });
  });

  it('reports a connection reset while reading the body as HttpConnectionError', async () => {
    const res = await guarded(`${origin.url}/reset-body`);
    const error = await res.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect(error).toMatchObject({ retryable: true, url: `${origin.url}/reset-body` });
  });

  it("passes the caller's abort through unchanged", async () => {
    const controller = new AbortController();
    const pending = guarded(`${origin.url}/stall`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
