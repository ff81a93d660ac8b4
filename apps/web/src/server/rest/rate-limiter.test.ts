import { describe, expect, it } from 'vitest';
import { parsePreferWait } from './prefer.ts';
import { TokenBuckets } from './rate-limiter.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then the steady rate, and says when the next token comes', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    for (let i = 0; i < 3; i += 1) expect(buckets.take('t', 1, 3).ok).toBe(true);
    expect(buckets.take('t', 1, 3)).toEqual({ ok: false, retryAfterSec: 1 });
    now += 1000;
    expect(buckets.take('t', 1, 3).ok).toBe(true);
    expect(buckets.take('t', 1, 3).ok).toBe(false);
    expect(buckets.take('other', 1, 3).ok).toBe(true); // per key
  });
});

describe('parsePreferWait', () => {
  it('reads wait=N among other preferences, caps it, and refuses junk', () => {
    expect(parsePreferWait(null, 60)).toBeUndefined();
    expect(parsePreferWait('respond-async', 60)).toBeUndefined();
    expect(parsePreferWait('respond-async, wait=10', 60)).toBe(10);
    expect(parsePreferWait('wait=600', 60)).toBe(60);
    expect(() => parsePreferWait('wait=soon', 60)).toThrow(/whole seconds/);
  });
});
