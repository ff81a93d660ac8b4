import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('lets a few failures through, then makes each further attempt wait longer', () => {
    let now = 0;
    const t = createLoginThrottle({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, now: () => now });
    const keys = ['email:a@x'];
    for (let i = 0; i < 2; i++) t.recordFailure(keys);
    expect(t.retryAfterMs(keys)).toBe(0);
    t.recordFailure(keys); // third: the first wait
    expect(t.retryAfterMs(keys)).toBe(1000);
    now += 1000;
    t.recordFailure(keys);
    expect(t.retryAfterMs(keys)).toBe(2000);
    for (let i = 0; i < 5; i++) t.recordFailure(keys);
    expect(t.retryAfterMs(keys)).toBe(8000); // capped
    expect(t.retryAfterMs(['email:b@x'])).toBe(0); // others unaffected
  });

  it('forgets after success or a quiet window', () => {
    let now = 0;
    const t = createLoginThrottle({ freeAttempts: 1, baseDelayMs: 1000, windowMs: 60_000, now: () => now });
    t.recordFailure(['k']);
    expect(t.retryAfterMs(['k'])).toBe(1000);
    t.recordSuccess(['k']);
    expect(t.retryAfterMs(['k'])).toBe(0);
    t.recordFailure(['k']);
    now += 61_000;
    t.recordFailure(['k']); // counted afresh: the window passed
    expect(t.retryAfterMs(['k'])).toBe(1000);
  });
});
