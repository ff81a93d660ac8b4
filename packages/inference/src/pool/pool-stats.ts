import { percentile } from './percentile.ts';

/** What a pool exposes: model load times, batch sizes and latency (for heartbeats and /metrics). */
export class PoolStats {
  readonly loadMs = new Map<string, number>();
  #batches: { key: string; size: number; ms: number }[] = [];
  items = 0;

  loaded(key: string, ms: number) {
    this.loadMs.set(key, Math.round(ms));
  }

  batch(key: string, size: number, ms: number) {
    this.items += size;
    this.#batches.push({ key, size, ms });
    if (this.#batches.length > 500) this.#batches.shift();
  }

  snapshot() {
    const sizes = this.#batches.map((b) => b.size);
    const perItem = this.#batches.map((b) => b.ms / b.size);
    return {
      items: this.items,
      models: Object.fromEntries(this.loadMs),
      batchSizeP50: percentile(sizes, 50),
      itemMsP50: percentile(perItem, 50),
      itemMsP95: percentile(perItem, 95),
    };
  }
}
