import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, bodySnippet, describeFetchFailure, readLimited, retryAfterMs } from './outbound-http.ts';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name}!`), { name, ...extra });

describe('describeFetchFailure', () => {
  it('recognises the guarded fetch’s errors by name', () => {
    expect(describeFetchFailure(named('SsrfBlockedError')).kind).toBe('blocked');
    expect(describeFetchFailure(named('ResponseTooLargeError')).kind).toBe('too_large');
    expect(describeFetchFailure(named('HttpTimeoutError')).kind).toBe('timeout');
    expect(describeFetchFailure(named('HttpConnectionError')).kind).toBe('connection');
    expect(describeFetchFailure(named('HttpRedirectError')).kind).toBe('redirect');
    expect(describeFetchFailure(new DOMException('t', 'TimeoutError')).kind).toBe('timeout');
    expect(describeFetchFailure(new DOMException('a', 'AbortError')).kind).toBe('aborted');
  });

  it('treats the platform fetch’s network failure as a connection failure', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(describeFetchFailure(error)).toEqual({
      kind: 'connection',
      message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('falls back to `retryable`, then to other', () => {
    expect(describeFetchFailure(named('Whatever', { retryable: true })).kind).toBe('connection');
    expect(describeFetchFailure(new RangeError('bad')).kind).toBe('other');
    expect(describeFetchFailure('string').kind).toBe('other');
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const h = (value?: string) => new Headers(value === undefined ? {} : { 'retry-after': value });

  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs(h('120'), now)).toBe(120_000);
    expect(retryAfterMs(h('Thu, 01 Jan 2026 00:01:00 GMT'), now)).toBe(60_000);
    expect(retryAfterMs(h('Wed, 31 Dec 2025 00:00:00 GMT'), now)).toBe(0);
  });

  it('ignores absent or unreadable values and caps long ones', () => {
    expect(retryAfterMs(h(), now)).toBeUndefined();
    expect(retryAfterMs(h('soon'), now)).toBeUndefined();
    expect(retryAfterMs(h('999999999'), now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('readLimited', () => {
  it('reads a body under the limit whole', async () => {
    const out = await readLimited(new Response('hello'), 10);
    expect(new TextDecoder().decode(out.bytes)).toBe('hello');
    expect(out.overflow).toBe(false);
  });

  it('stops past the limit and says so', async () => {
    const out = await readLimited(new Response('x'.repeat(100)), 10);
    expect(out.bytes.byteLength).toBe(10);
    expect(out.overflow).toBe(true);
  });

  it('handles a body-less response', async () => {
    expect(await readLimited(new Response(null, { status: 204 }), 10)).toEqual({
      bytes: new Uint8Array(0),
      overflow: false,
    });
  });

  it('quotes the start of a body for messages', async () => {
    expect(await bodySnippet(new Response('line one\n  line two'))).toBe('line one line two');
    expect(await bodySnippet(new Response('z'.repeat(50)), 10)).toBe(`${'z'.repeat(10)}…`);
  });
});
