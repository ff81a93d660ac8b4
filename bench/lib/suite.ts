export type Figures = Record<string, number | string>;

export interface BenchServer {
  /** A Postgres server URL pointing at its `postgres` database; suites create their own. */
  adminUrl: string;
  /** A fresh migrated database for one suite. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close(): Promise<void>;
}

export interface BenchSuite {
  /** Key prefix in latest.json, e.g. `engine`. */
  name: string;
  description: string;
  run(ctx: { server: BenchServer; log: (msg: string) => void }): Promise<Figures>;
}

/** p-th percentile (0–100) of a sample, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
