import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaRef } from '../detector/vision.test-support.ts';
import type { GuardedFetch, MediaStore } from '../sdk/context.ts';
import { NonRetriableError, RetryableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { createFakeNodeContext, createMemoryMediaStore } from '../testing/fake-node-context.ts';
import { ingestDefinition } from './ingest.definition.ts';
import { contentTypeAccepted, ingestExecutor, missingFields, parseIngestInput } from './ingest.execute.ts';

// The start of a real PNG: enough for a content sniffer, and distinct bytes per test file.
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3,
]);

interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Sent in pieces without a Content-Length. */
  chunks?: Uint8Array[];
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real file server on 127.0.0.1: path → response. */
async function fileServer(routes: Record<string, Route>) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''] ?? { status: 404, body: 'not found' };
    if (route.chunks) {
      res.writeHead(route.status ?? 200, route.headers ?? {});
      for (const chunk of route.chunks) res.write(chunk);
      res.end();
      return;
    }
    res.writeHead(route.status ?? 200, route.headers ?? {});
    res.end(route.body ?? '');
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
  return { base: `http://127.0.0.1:${port}`, hits };
}

interface RunOptions {
  fetch?: GuardedFetch;
  media?: (store: MediaStore) => MediaStore;
  seed?: (store: MediaStore) => Promise<void>;
}

function context(config: unknown, input: unknown, options: RunOptions = {}) {
  const fetchCalls: { url: string; init: RequestInit & { maxResponseBytes?: number } }[] = [];
  const inner = options.fetch ?? (globalThis.fetch as GuardedFetch);
  const ctx = createFakeNodeContext(ingestDefinition, {
    config,
    // Entry nodes get the run input on `input` (engine activate-run).
    inputs: { input } as never,
    fetch: (async (url: string | URL, init?: RequestInit) => {
      fetchCalls.push({ url: String(url), init: init ?? {} });
      return inner(url, init);
    }) as GuardedFetch,
  });
  const media = options.media ? options.media(ctx.media) : ctx.media;
  return { ctx: { ...ctx, media }, fetchCalls };
}

async function ingest(config: unknown, input: unknown, options: RunOptions = {}) {
  const { ctx, fetchCalls } = context(config, input, options);
  await options.seed?.(ctx.media);
  const result = await ingestExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('ingest never suspends');
  return { result, ctx, fetchCalls };
}

async function refusal(config: unknown, input: unknown, options: RunOptions = {}) {
  return ingest(config, input, options).then(
    () => {
      throw new Error('expected ingest to fail');
    },
    (error: unknown) => error as Error & { code?: string; retryAfterMs?: number },
  );
}

const anyCount = { minFiles: 1, maxFiles: 10 };

async function seedPng(store: MediaStore): Promise<void> {
  await store.put(PNG, { contentType: 'image/png' });
}

describe('parseIngestInput', () => {
  it('reads the envelope', () => {
    const media = [mediaRef('a')];
    expect(parseIngestInput({ record: { claimId: 'C1' }, media, mediaUrls: ['https://x/y.jpg'] })).toEqual({
      record: { claimId: 'C1' },
      media,
      mediaUrls: ['https://x/y.jpg'],
    });
    expect(parseIngestInput({ media })).toEqual({ record: {}, media, mediaUrls: [] });
  });

  it('reads a plain object as the record, taking media keys out', () => {
    expect(parseIngestInput({ claimId: 'C1', sku: 'S' })).toEqual({
      record: { claimId: 'C1', sku: 'S' },
      media: [],
      mediaUrls: [],
    });
    expect(parseIngestInput({ claimId: 'C1', mediaUrls: ['https://x/1.png'] })).toEqual({
      record: { claimId: 'C1' },
      media: [],
      mediaUrls: ['https://x/1.png'],
    });
    // A `record` field that is not an object is an ordinary case field.
    expect(parseIngestInput({ record: 'R-7', claimId: 'C1' }).record).toEqual({ record: 'R-7', claimId: 'C1' });
  });

  it('reads nothing as an empty submission', () => {
    expect(parseIngestInput(undefined)).toEqual({ record: {}, media: [], mediaUrls: [] });
    expect(parseIngestInput(null)).toEqual({ record: {}, media: [], mediaUrls: [] });
  });

  it('refuses shapes that fit none of the documented ones', () => {
    const code = (input: unknown) => {
      try {
        parseIngestInput(input);
        return 'ok';
      } catch (error) {
        return (error as NonRetriableError).code;
      }
    };
    expect(code([1, 2])).toBe('invalid_input');
    expect(code('text')).toBe('invalid_input');
    expect(code({ record: { a: 1 }, claimId: 'C1' })).toBe('invalid_input');
    expect(code({ media: [{ mediaId: 'x' }] })).toBe('invalid_input');
    expect(code({ media: 'x' })).toBe('invalid_input');
    expect(code({ mediaUrls: [1] })).toBe('invalid_input');
  });
});

describe('ingest helpers', () => {
  it('matches content types exactly or by wildcard, ignoring parameters', () => {
    expect(contentTypeAccepted('image/png', ['image/*'])).toBe(true);
    expect(contentTypeAccepted('IMAGE/JPEG; q=1', ['image/jpeg'])).toBe(true);
    expect(contentTypeAccepted('video/mp4', ['image/*', 'video/mp4'])).toBe(true);
    expect(contentTypeAccepted('text/html', ['image/*'])).toBe(false);
    expect(contentTypeAccepted('imagex/png', ['image/*'])).toBe(false);
  });

  it('lists required fields that are absent, null or blank', () => {
    expect(missingFields({ a: 1, b: null, c: ' ', d: 0, e: false }, ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual([
      'b',
      'c',
      'f',
    ]);
  });
});

describe('ingest executor: uploads', () => {
  it('outputs stored uploads with the store’s metadata and the record', async () => {
    const stored = await createMemoryMediaStore().put(PNG, { contentType: 'image/png' });
    const { result } = await ingest(
      { acceptedTypes: ['image/png'], requiredFields: ['claimId'] },
      // The input claims jpeg and 1 byte; the store's row is what counts.
      { record: { claimId: 'C-1' }, media: [{ ...stored, contentType: 'image/jpeg', size: 1 }] },
      { seed: seedPng },
    );
    expect(result.outputs).toEqual({ media: [stored], record: { claimId: 'C-1' } });
  });

  it('refuses an upload that is not in the store', async () => {
    const error = await refusal(anyCount, { media: [mediaRef('ghost')] });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.code).toBe('media_not_found');
  });

  it('refuses an upload of a type the step does not accept, naming it', async () => {
    const stored = await createMemoryMediaStore().put(PNG, { contentType: 'image/png' });
    const error = await refusal({ acceptedTypes: ['image/jpeg'] }, { media: [stored] }, { seed: seedPng });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain(`upload ${stored.mediaId} is image/png`);
  });

  it('refuses an empty or oversized upload', async () => {
    const empty = new Uint8Array(0);
    const emptyRef = await createMemoryMediaStore().put(empty, { contentType: 'image/png' });
    const seedEmpty = async (store: MediaStore) => {
      await store.put(empty, { contentType: 'image/png' });
    };
    expect((await refusal(anyCount, { media: [emptyRef] }, { seed: seedEmpty })).code).toBe('empty_media');
    const stored = await createMemoryMediaStore().put(PNG, { contentType: 'image/png' });
    const small = { maxFileMb: 10 / (1024 * 1024) };
    expect((await refusal(small, { media: [stored] }, { seed: seedPng })).code).toBe('media_too_large');
  });

  it('checks required fields and file counts before anything is fetched', async () => {
    const urls = ['http://127.0.0.1:9/a.png', 'http://127.0.0.1:9/b.png', 'http://127.0.0.1:9/c.png'];
    const missing = await refusal({ requiredFields: ['claimId', 'productSku'] }, { claimId: 'C', mediaUrls: urls });
    expect(missing.code).toBe('missing_fields');
    expect(missing.message).toBe('Missing required case field: productSku');
    const tooMany = await refusal({ maxFiles: 2 }, { mediaUrls: urls });
    expect(tooMany.code).toBe('too_many_files');
    const tooFew = await refusal({ minFiles: 4, maxFiles: 10 }, { mediaUrls: urls });
    expect(tooFew.code).toBe('too_few_files');
    const none = await refusal({}, { claimId: 'C' });
    expect(none.code).toBe('too_few_files');
  });
});

describe('ingest executor: downloads', () => {
  it('downloads each URL through ctx.fetch with the size limit and stores it', async () => {
    const files = await fileServer({
      '/claims/front%20photo.png': { headers: { 'content-type': 'image/png' }, body: PNG },
      '/claims/back.png': { headers: { 'content-type': 'image/png; charset=binary' }, body: PNG.slice(0, 12) },
    });
    const { result, ctx, fetchCalls } = await ingest(
      { acceptedTypes: ['image/*'], maxFileMb: 1 },
      { claimId: 'C-1', mediaUrls: [`${files.base}/claims/front%20photo.png`, `${files.base}/claims/back.png`] },
    );
    expect(fetchCalls.map((c) => [c.url, c.init.method, c.init.maxResponseBytes])).toEqual([
      [`${files.base}/claims/front%20photo.png`, 'GET', 1024 * 1024],
      [`${files.base}/claims/back.png`, 'GET', 1024 * 1024],
    ]);
    expect(result.outputs.record).toEqual({ claimId: 'C-1' });
    const [front, back] = result.outputs.media ?? [];
    expect(front).toMatchObject({ contentType: 'image/png', size: PNG.byteLength });
    expect(back).toMatchObject({ contentType: 'image/png', size: 12 });
    expect(await ctx.media.get(front!)).toEqual(PNG);
  });

  it('refuses a download whose real type is not accepted, naming the file', async () => {
    const files = await fileServer({ '/login.html': { headers: { 'content-type': 'text/html' }, body: '<html>' } });
    const error = await refusal(anyCount, { mediaUrls: [`${files.base}/login.html`] });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain(`login.html (${files.base}/login.html) is text/html`);
  });

  it('refuses a file over the size limit, announced or streamed', async () => {
    const big = new Uint8Array(4096).fill(7);
    const files = await fileServer({
      '/announced.png': { headers: { 'content-type': 'image/png' }, body: big },
      '/streamed.png': { headers: { 'content-type': 'image/png' }, chunks: [big.slice(0, 1000), big.slice(1000)] },
    });
    const limit = { maxFileMb: 2048 / (1024 * 1024) }; // 2 KiB
    for (const path of ['/announced.png', '/streamed.png']) {
      const error = await refusal(limit, { mediaUrls: [`${files.base}${path}`] });
      expect(error).toBeInstanceOf(NonRetriableError);
      expect(error.code).toBe('media_too_large');
      expect(error.message).toContain(path.slice(1));
    }
  });

  it('refuses an empty download', async () => {
    const files = await fileServer({
      '/empty.png': { headers: { 'content-type': 'image/png' } },
      '/empty-chunked.png': { headers: { 'content-type': 'image/png' }, chunks: [] },
    });
    for (const path of ['/empty.png', '/empty-chunked.png']) {
      expect((await refusal(anyCount, { mediaUrls: [`${files.base}${path}`] })).code).toBe('empty_media');
    }
  });

  it('treats 4xx as final and 5xx, 408 and 429 as worth a retry', async () => {
    const files = await fileServer({
      '/gone.png': { status: 410, body: 'gone for good' },
      '/broken.png': { status: 500 },
      '/busy.png': { status: 503, headers: { 'retry-after': '12' } },
      '/slow.png': { status: 408 },
      '/limited.png': { status: 429, headers: { 'retry-after': '3' } },
    });
    const missing = await refusal(anyCount, { mediaUrls: [`${files.base}/nothing.png`] });
    expect(missing).toBeInstanceOf(NonRetriableError);
    expect(missing.code).toBe('url_fetch_failed');
    expect(missing.message).toContain('HTTP 404: not found');
    expect((await refusal(anyCount, { mediaUrls: [`${files.base}/gone.png`] })).code).toBe('url_fetch_failed');
    const broken = await refusal(anyCount, { mediaUrls: [`${files.base}/broken.png`] });
    expect(broken).toBeInstanceOf(RetryableError);
    expect(broken.code).toBe('http_500');
    const busy = await refusal(anyCount, { mediaUrls: [`${files.base}/busy.png`] });
    expect(busy).toBeInstanceOf(RetryableError);
    expect(busy.retryAfterMs).toBe(12_000);
    expect(await refusal(anyCount, { mediaUrls: [`${files.base}/slow.png`] })).toBeInstanceOf(RetryableError);
    expect((await refusal(anyCount, { mediaUrls: [`${files.base}/limited.png`] })).retryAfterMs).toBe(3000);
  });

  it('retries when the server cannot be reached', async () => {
    const files = await fileServer({});
    await Promise.all(servers.splice(0).map((s) => s.close()));
    const error = await refusal(anyCount, { mediaUrls: [`${files.base}/a.png`] });
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.code).toBe('connection_failed');
  });

  it('maps the guarded fetch’s typed errors', async () => {
    const throwing = (name: string, message: string) =>
      (async () => {
        throw Object.assign(new Error(message), { name });
      }) as GuardedFetch;
    const urls = { mediaUrls: ['https://files.example.com/a.png'] };
    const blocked = await refusal(anyCount, urls, {
      fetch: throwing('SsrfBlockedError', 'Outbound request refused: 10.0.0.5 is a private address'),
    });
    expect(blocked).toBeInstanceOf(NonRetriableError);
    expect(blocked.code).toBe('url_blocked');
    expect(blocked.message).toContain('10.0.0.5 is a private address');
    const timeout = await refusal(anyCount, urls, { fetch: throwing('HttpTimeoutError', 'timed out') });
    expect(timeout).toBeInstanceOf(RetryableError);
    expect(timeout.code).toBe('timeout');
    const conn = await refusal(anyCount, urls, { fetch: throwing('HttpConnectionError', 'ECONNRESET') });
    expect(conn.code).toBe('connection_failed');
    const large = await refusal(anyCount, urls, { fetch: throwing('ResponseTooLargeError', 'too big') });
    expect(large).toBeInstanceOf(NonRetriableError);
    expect(large.code).toBe('media_too_large');
  });

  it('maps the media store’s refusals', async () => {
    const files = await fileServer({ '/a.png': { headers: { 'content-type': 'image/png' }, body: PNG } });
    const failingPut = (error: Error) => (store: MediaStore) => ({
      ...store,
      put: async () => {
        throw error;
      },
    });
    const urls = { mediaUrls: [`${files.base}/a.png`] };
    const empty = Object.assign(new Error('Unsupported media: empty'), {
      name: 'UnsupportedMediaError',
      reason: 'empty',
    });
    expect((await refusal(anyCount, urls, { media: failingPut(empty) })).code).toBe('empty_media');
    const exe = Object.assign(new Error('Unsupported media: type-not-allowed'), {
      name: 'UnsupportedMediaError',
      reason: 'type-not-allowed',
      detectedType: 'application/x-msdownload',
    });
    const unsupported = await refusal(anyCount, urls, { media: failingPut(exe) });
    expect(unsupported.code).toBe('unsupported_media_type');
    expect(unsupported.message).toContain('a.png');
    expect(unsupported.message).toContain('application/x-msdownload');
    const big = Object.assign(new Error('too large'), { name: 'MediaTooLargeError' });
    expect((await refusal(anyCount, urls, { media: failingPut(big) })).code).toBe('media_too_large');
  });

  it('lets a cancellation through untouched', async () => {
    const canceled = Object.assign(new Error('Run canceled'), { name: 'AbortError' });
    const controller = new AbortController();
    const hanging = ((_url: string | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        controller.abort(canceled);
      })) as GuardedFetch;
    const ctx = createFakeNodeContext(ingestDefinition, {
      config: anyCount,
      inputs: { input: { mediaUrls: ['https://files.example.com/a.png'] } } as never,
      fetch: hanging,
      signal: controller.signal,
    });
    await expect(ingestExecutor.execute(ctx, ctx.inputs)).rejects.toBe(canceled);
  });

  it('refuses addresses that are not http(s)', async () => {
    for (const url of ['file:///etc/passwd', 'not a url']) {
      expect((await refusal(anyCount, { mediaUrls: [url] })).code).toBe('invalid_url');
    }
  });
});
