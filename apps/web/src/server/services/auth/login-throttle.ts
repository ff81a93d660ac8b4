/**
 * Slows password guessing: after a few failures for one email (or from one address) each
 * further attempt must wait, doubling up to a cap. In memory, because one web process
 * serves sign-in; a restart forgets — acceptable for throttling, unlike for lockout.
 */
export interface LoginThrottleOptions {
  /** Failures allowed before waits start. */
  freeAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A quiet period after which the failure count resets. */
  windowMs?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export interface LoginThrottle {
  /** Milliseconds the caller must still wait for any of these keys (0 = go ahead). */
  retryAfterMs(keys: string[]): number;
  recordFailure(keys: string[]): void;
  recordSuccess(keys: string[]): void;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const freeAttempts = options.freeAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 2_000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && now() - entry.lastFailureAt > windowMs && entry.blockedUntil <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    retryAfterMs(keys) {
      return Math.max(0, ...keys.map((k) => (live(k)?.blockedUntil ?? 0) - now()));
    },
    recordFailure(keys) {
      if (entries.size > 50_000) entries.clear(); // a flood of random keys must not grow memory forever
      for (const key of keys) {
        const entry = live(key) ?? { failures: 0, lastFailureAt: 0, blockedUntil: 0 };
        entry.failures += 1;
        entry.lastFailureAt = now();
        const over = entry.failures - freeAttempts;
        if (over >= 0) entry.blockedUntil = now() + Math.min(maxDelayMs, baseDelayMs * 2 ** over);
        entries.set(key, entry);
      }
    },
    recordSuccess(keys) {
      for (const key of keys) entries.delete(key);
    },
  };
}

/**
 * Two counters: per account (few free attempts: guessing one password) and per client
 * address (many: a whole office may sit behind one address, and one person typing badly
 * must not lock everyone else out).
 */
export interface LoginThrottles {
  byEmail: LoginThrottle;
  byAddress: LoginThrottle;
}

export function createLoginThrottles(): LoginThrottles {
  return { byEmail: createLoginThrottle({ freeAttempts: 5 }), byAddress: createLoginThrottle({ freeAttempts: 50 }) };
}

const globalForThrottle = globalThis as unknown as { conveyorLoginThrottles?: LoginThrottles };

export function loginThrottles(): LoginThrottles {
  globalForThrottle.conveyorLoginThrottles ??= createLoginThrottles();
  return globalForThrottle.conveyorLoginThrottles;
}
