import { describe, expect, it } from 'vitest';
import { NodeConfigError, NonRetriableError, RetryableError, isRetryable, serializeError } from './errors.ts';

describe('typed errors', () => {
  it('NodeConfigError is a user error that is never retried', () => {
    const error = new NodeConfigError('Bad pattern', { field: 'serialPattern' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NodeConfigError');
    expect(isRetryable(error)).toBe(false);
    expect(serializeError(error)).toEqual({
      name: 'NodeConfigError',
      message: 'Bad pattern',
      code: 'node_config',
      retryable: false,
      audience: 'user',
      field: 'serialPattern',
    });
  });

  it('RetryableError carries retry-after', () => {
    const error = new RetryableError('Rate limited', { retryAfterMs: 30_000, code: 'http_429' });
    expect(isRetryable(error)).toBe(true);
    expect(serializeError(error)).toMatchObject({ code: 'http_429', retryAfterMs: 30_000, audience: 'operational' });
    expect(serializeError(new RetryableError('x'))).not.toHaveProperty('retryAfterMs');
  });

  it('RetryableError refuses a negative retry-after', () => {
    expect(() => new RetryableError('x', { retryAfterMs: -1 })).toThrow(RangeError);
    expect(() => new RetryableError('x', { retryAfterMs: Number.NaN })).toThrow(RangeError);
  });

  it('NonRetriableError is not retried', () => {
    const error = new NonRetriableError('Receiver said 400', { code: 'http_400' });
    expect(isRetryable(error)).toBe(false);
    expect(serializeError(error)).toMatchObject({ name: 'NonRetriableError', code: 'http_400', retryable: false });
  });
});

describe('isRetryable', () => {
  it('retries unknown errors and non-errors', () => {
    expect(isRetryable(new TypeError('fetch failed'))).toBe(true);
    expect(isRetryable('boom')).toBe(true);
  });

  it('retries timeouts but not cancellation', () => {
    expect(isRetryable(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isRetryable(new DOMException('canceled', 'AbortError'))).toBe(false);
  });
});

describe('serializeError', () => {
  it('marks unknown errors as unexpected', () => {
    expect(serializeError(new TypeError('x is undefined'))).toEqual({
      name: 'TypeError',
      message: 'x is undefined',
      code: 'unexpected',
      retryable: true,
      audience: 'unexpected',
    });
  });

  it('serializes abort and timeout reasons from AbortSignal', () => {
    const controller = new AbortController();
    controller.abort();
    expect(serializeError(controller.signal.reason)).toMatchObject({
      name: 'AbortError',
      code: 'aborted',
      retryable: false,
    });
    expect(serializeError(new DOMException('t', 'TimeoutError'))).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('serializes thrown non-errors', () => {
    expect(serializeError('plain string').message).toBe('plain string');
    expect(serializeError({ status: 500 }).message).toBe('{"status":500}');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(serializeError(circular).message).toBe('[object Object]');
  });

  it('keeps the cause chain, bounded in depth', () => {
    const root = new Error('socket hang up');
    const error = new RetryableError('Upload failed', { cause: root });
    expect(serializeError(error).cause).toMatchObject({ message: 'socket hang up', code: 'unexpected' });

    let deep: Error = new Error('level 0');
    for (let i = 1; i <= 10; i += 1) deep = new Error(`level ${i}`, { cause: deep });
    let depth = 0;
    for (let s = serializeError(deep).cause; s !== undefined; s = s.cause) depth += 1;
    expect(depth).toBe(5);
  });

  it('includes stacks only when asked', () => {
    const error = new Error('x');
    expect(serializeError(error).stack).toBeUndefined();
    expect(serializeError(error, { stack: true }).stack).toContain('Error: x');
  });

  it('produces plain JSON', () => {
    const serialized = serializeError(new NodeConfigError('x', { field: 'a', cause: new Error('y') }));
    expect(JSON.parse(JSON.stringify(serialized))).toEqual(serialized);
  });
});
