/**
 * Token buckets per key (a trigger), in this process's memory.
 *
 * Why in memory and not in Postgres: the limiter sits on the hottest path (every webhook)
 * and a shared bucket costs a row lock per request — the very contention it is meant to
 * prevent. With N web processes a trigger's effective ceiling is N × the configured rate;
 * the global protection is the workflow's backlog limit and the queue-depth check, which
 * read Postgres and hold across processes.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; when none is left, says how long until one is. */
  take(key: string, ratePerSecond: number, burst: number): { ok: true } | { ok: false; retryAfterSec: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }
}
