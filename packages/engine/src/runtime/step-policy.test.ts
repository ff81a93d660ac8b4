import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, policyFromConfig, resolvePolicy, retryDelayMs } from './step-policy.ts';

describe('step policy', () => {
  it('layers defaults, config hints and the explicit policy', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy(policyFromConfig({ maxAttempts: 7, timeoutMs: 10_000 })).maxAttempts).toBe(7);
    expect(resolvePolicy(policyFromConfig({ timeoutMs: 600_000 })).timeoutMs).toBe(605_000);
    expect(resolvePolicy(policyFromConfig({ maxAttempts: 7 }), { maxAttempts: 2 }).maxAttempts).toBe(2);
    expect(resolvePolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(resolvePolicy({ backoffMs: -5 }).backoffMs).toBe(DEFAULT_POLICY.backoffMs);
  });

  it('backs off exponentially with jitter in [base/2, base], capped', () => {
    const p = resolvePolicy({ backoffMs: 100, maxBackoffMs: 1000 });
    expect(retryDelayMs(p, 1, () => 0)).toBe(50);
    expect(retryDelayMs(p, 1, () => 1)).toBe(100);
    expect(retryDelayMs(p, 3, () => 1)).toBe(400);
    expect(retryDelayMs(p, 10, () => 1)).toBe(1000);
    expect(retryDelayMs(p, 10, () => 0)).toBe(500);
  });
});
