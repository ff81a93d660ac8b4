import { liveWorkers, type Db } from '@conveyor/db';
import { BOSS_SCHEMA } from '@conveyor/engine/server';

export interface CheckResult {
  ok: boolean;
  latencyMs?: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { database: CheckResult; queue: CheckResult; runner: CheckResult };
  workers: { id: string; kind: string; pool: string | null; lastSeen: string }[];
  time: string;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);

/** Database, queue and runner status; `ok` only when all three are up. */
export async function getHealth({ db, runnerStaleMs }: { db: Db; runnerStaleMs: number }): Promise<HealthReport> {
  const database = await check(async () => {
    await db.pool.query('SELECT 1');
  });
  const queue = database.ok
    ? await check(async () => {
        const { rows } = await db.pool.query<{ version: number }>(`SELECT version FROM ${BOSS_SCHEMA}.version`);
        if (!rows.length) throw new Error('pg-boss schema has no version row');
        return `pg-boss schema v${rows[0]!.version}`;
      })
    : { ok: false, detail: 'database down' };
  let workers: HealthReport['workers'] = [];
  const runner = database.ok
    ? await check(async () => {
        const live = await liveWorkers(db, runnerStaleMs);
        workers = live.map((w) => ({ id: w.id, kind: w.kind, pool: w.pool, lastSeen: w.lastSeen.toISOString() }));
        const orchestrators = live.filter((w) => w.kind === 'orchestrator').length;
        if (!orchestrators) throw new Error(`no runner heartbeat in the last ${runnerStaleMs / 1000} s`);
        return `${orchestrators} runner(s), ${live.length - orchestrators} pool worker(s)`;
      })
    : { ok: false, detail: 'database down' };
  const ok = database.ok && queue.ok && runner.ok;
  return {
    status: ok ? 'ok' : 'degraded',
    checks: { database, queue, runner },
    workers,
    time: new Date().toISOString(),
  };
}

async function check(fn: () => Promise<string | void>): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    const detail = await withTimeout(fn(), 3000);
    return { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10, ...(detail ? { detail } : {}) };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
