import pg from 'pg';
import { RUN_FINISHED_CHANNEL } from '@conveyor/engine/server';
import type { Db } from '@conveyor/db';

export interface FinishedRun {
  id: string;
  status: string;
  output: unknown;
  error: unknown;
}

export interface RunWaiter {
  /** The run once terminal, or null when `ms` passes first. */
  wait(runId: string, ms: number): Promise<FinishedRun | null>;
  close(): Promise<void>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/**
 * Waits for runs to finish, for `Prefer: wait`. One LISTEN connection per process on the
 * engine's `conveyor_run_finished` (sent in the run's terminal transaction); the row is
 * read again after subscribing, so a run that finished in between is not missed, and a
 * slow poll covers a lost connection.
 */
export function createRunWaiter(db: Pick<Db, 'pool' | 'url'>, options: { pollMs?: number } = {}): RunWaiter {
  const pollMs = options.pollMs ?? 2000;
  const waiting = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      const c = new pg.Client({ connectionString: db.url, application_name: 'conveyor-run-waiter' });
      c.on('notification', (n) => {
        const runId = n.payload?.split(':')[0];
        if (runId) for (const wake of waiting.get(runId) ?? []) wake();
      });
      c.on('error', () => {
        // Reconnect on the next wait; meanwhile the poll answers.
        if (client === c) client = undefined;
        connecting = undefined;
        c.end().catch(() => {});
      });
      await c.connect();
      await c.query(`LISTEN ${RUN_FINISHED_CHANNEL}`);
      client = c;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    }));

  const read = async (runId: string): Promise<FinishedRun | null> => {
    const { rows } = await db.pool.query<FinishedRun>('SELECT id, status, output, error FROM runs WHERE id = $1', [
      runId,
    ]);
    const row = rows[0];
    return row && TERMINAL.has(row.status) ? row : null;
  };

  return {
    async wait(runId, ms) {
      if (closed) throw new Error('run waiter is closed');
      await connect().catch(() => {}); // without LISTEN the poll still answers
      const deadline = Date.now() + ms;
      for (;;) {
        let wake!: () => void;
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const set = waiting.get(runId) ?? new Set();
        set.add(wake);
        waiting.set(runId, set);
        try {
          const done = await read(runId);
          if (done) return done;
          const left = deadline - Date.now();
          if (left <= 0) return null;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([woken, new Promise((r) => (timer = setTimeout(r, Math.min(left, pollMs))))]);
          clearTimeout(timer);
        } finally {
          set.delete(wake);
          if (set.size === 0) waiting.delete(runId);
        }
      }
    },
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
