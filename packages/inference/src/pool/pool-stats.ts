import { percentile } from './percentile.ts';

/** What a pool exposes: model load times, batch sizes and latency (for heartbeats and /metrics). */
export class PoolStats {
  readonly loadMs = new Map<string, number>();
  #batches: { key: string; size: number; ms: number }[] = [];
  #requestMs: number[] = [];
  items = 0;
  /** Requests answered with a failure because their whole batch failed. */
  failed = 0;
  /** Requests skipped because their caller's timeout had passed. */
  expired = 0;
  /** Requests of dead workers this worker handed back to pg-boss's retry. */
  reclaimed = 0;
  /** Requests waiting in the pool's queue (sampled). */
  queueDepth = 0;

  loaded(key: string, ms: number) {
    this.loadMs.set(key, Math.round(ms));
  }

  batch(key: string, size: number, ms: number) {
    this.items += size;
    this.#batches.push({ key, size, ms });
    if (this.#batches.length > 500) this.#batches.shift();
  }

  /** Send → result of one request: queue wait plus model time. */
  request(ms: number) {
    this.#requestMs.push(ms);
    if (this.#requestMs.length > 2000) this.#requestMs.shift();
  }

  failedBatch(size: number) {
    this.failed += size;
  }

  snapshot() {
    const sizes = this.#batches.map((b) => b.size);
    const perItem = this.#batches.map((b) => b.ms / b.size);
    return {
      items: this.items,
      failed: this.failed,
      expired: this.expired,
      reclaimed: this.reclaimed,
      queueDepth: this.queueDepth,
      models: Object.fromEntries(this.loadMs),
      batchSizeP50: percentile(sizes, 50),
      batchSizeMax: sizes.length ? Math.max(...sizes) : NaN,
      itemMsP50: percentile(perItem, 50),
      itemMsP95: percentile(perItem, 95),
      requestMsP50: percentile(this.#requestMs, 50),
      requestMsP95: percentile(this.#requestMs, 95),
    };
  }
}
