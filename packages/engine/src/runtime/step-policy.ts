import type { StepPolicyInput } from './run-graph.ts';

export interface StepPolicy {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_POLICY: StepPolicy = {
  maxAttempts: 3,
  backoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
  timeoutMs: 5 * 60_000,
};

/**
 * Policy hints a node's own config may carry (the webhook node's "Most attempts" and
 * per-request timeout): attempts as configured, and a step timeout that leaves room for
 * the configured request timeout.
 */
export function policyFromConfig(config: unknown): StepPolicyInput {
  if (typeof config !== 'object' || config === null) return {};
  const c = config as { maxAttempts?: unknown; timeoutMs?: unknown };
  const out: StepPolicyInput = {};
  if (typeof c.maxAttempts === 'number') out.maxAttempts = c.maxAttempts;
  if (typeof c.timeoutMs === 'number') out.timeoutMs = Math.max(DEFAULT_POLICY.timeoutMs, c.timeoutMs + 5000);
  return out;
}

/** Defaults, then the node config's hints, then the graph node's explicit policy. */
export function resolvePolicy(...layers: (StepPolicyInput | undefined)[]): StepPolicy {
  const policy = { ...DEFAULT_POLICY };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(policy) as (keyof StepPolicy)[]) {
      const value = layer[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) policy[key] = value;
    }
  }
  policy.maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  return policy;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog): a random delay in
 * [base/2, base] where base = backoff · 2^(attempt-1), capped. Jitter spreads retries of
 * many runs that failed together (a receiver outage) so they don't return in lockstep.
 */
export function retryDelayMs(policy: StepPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}
