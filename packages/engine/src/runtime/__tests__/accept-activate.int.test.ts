import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, withTransaction } from '@conveyor/db';
import { startBoss } from '../../queue/boss.ts';
import { acceptQueuedRuns, RUNS_QUEUED_CHANNEL, type QueuedRunInput } from '../accept-runs.ts';
import { createEngine, ensureQueues } from '../engine.ts';
import { attemptsPerSucceededStep, createHarness, edge, node, readAuditChain, type Harness } from './harness.ts';
import { allTestExecutors } from './test-nodes.ts';

// Runs accepted `queued` (acceptQueuedRuns, as the webhook intake does) and started by the
// runner's activator. The tests run in order on one engine: the first two before its
// workers start (nothing may start the runs then; the start-up sweep must), the rest with
// workers running (NOTIFY, concurrency limits, a second runner sharing the work).
let h: Harness;
let wf: { workflowId: string; versionId: string };
let other: { workflowId: string; versionId: string };
const chainGraph = {
  nodes: [node('src', 'test-source'), node('a', 'test-add', { n: 1 }), node('b', 'test-add', { n: 2 })],
  edges: [edge('src', 'out', 'a', 'in'), edge('a', 'out', 'b', 'in')],
};
/** Every run these tests accept, with the value its input carried. */
const accepted = new Map<string, number>();
/** Runs of the one-node workflow (their output is the source's). */
const oneNode = new Set<string>();

beforeAll(async () => {
  h = await createHarness(allTestExecutors, { start: false });
  await ensureQueues(h.boss);
  wf = await h.publish(chainGraph);
  other = await h.publish({ nodes: [node('src', 'test-source')], edges: [] });
});
afterAll(async () => h?.close());

const inputs = (target: { workflowId: string; versionId: string }, values: number[]): QueuedRunInput[] =>
  values.map((value) => ({
    workspaceId: h.workspaceId,
    workflowId: target.workflowId,
    workflowVersionId: target.versionId,
    input: { value },
    triggerKind: 'api',
  }));

async function accept(runs: QueuedRunInput[]): Promise<string[]> {
  const ids = await withTransaction(h.t.db, (c) => acceptQueuedRuns(c, runs));
  ids.forEach((id, i) => {
    accepted.set(id, (runs[i]!.input as { value: number }).value);
    if (runs[i]!.workflowId === other.workflowId) oneNode.add(id);
  });
  return ids;
}

async function statuses(ids: string[]): Promise<Record<string, number>> {
  const { rows } = await h.t.db.pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) GROUP BY status',
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

const auditChain = (runId: string) => readAuditChain(h.t.db, runId);

/** Each run started once, and each succeeded step ran exactly one attempt. */
async function expectExactlyOnce(runIds: string[]) {
  const started = await h.t.db.pool.query<{ run_id: string; n: number }>(
    `SELECT run_id, count(*)::int AS n FROM audit_events
      WHERE run_id = ANY($1::uuid[]) AND action = 'run.started' GROUP BY run_id`,
    [runIds],
  );
  expect(started.rows).toHaveLength(runIds.length);
  expect(started.rows.every((r) => r.n === 1)).toBe(true);
  const a = await attemptsPerSucceededStep(h.t.db, runIds);
  expect(a.succeeded).toBeGreaterThan(0);
  expect(a).toEqual({ attempts: a.succeeded, steps: a.succeeded, succeeded: a.succeeded });
}

describe('acceptQueuedRuns and the run activator', () => {
  it('writes queued runs with a pending step per node and run.created as the first link, and NOTIFYs once per workflow', async () => {
    const listener = new pg.Client({ connectionString: h.t.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => n.channel === RUNS_QUEUED_CHANNEL && heard.push(n.payload ?? ''));
    await listener.query(`LISTEN ${RUNS_QUEUED_CHANNEL}`);
    try {
      const runs = [...inputs(wf, [0, 1, 2]), ...inputs(other, [3]), ...inputs(wf, [4])];
      runs[1]!.priority = 5;
      const ids = await accept(runs);
      expect(new Set(ids).size).toBe(5);

      // Ids come back in input order.
      const { rows } = await h.t.db.pool.query(
        'SELECT id, workflow_id, workflow_version_id, status, trigger_kind, priority, input, started_at FROM runs WHERE id = ANY($1::uuid[])',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id as string, r]));
      ids.forEach((id, i) =>
        expect(byId.get(id)).toMatchObject({
          workflow_id: runs[i]!.workflowId,
          workflow_version_id: runs[i]!.workflowVersionId,
          status: 'queued',
          trigger_kind: 'api',
          priority: i === 1 ? 5 : 0,
          input: runs[i]!.input,
          started_at: null,
        }),
      );

      const steps = await h.t.db.pool.query<{ run_id: string; node_id: string; node_type: string }>(
        `SELECT run_id, node_id, node_type FROM steps
          WHERE run_id = ANY($1::uuid[]) AND status = 'pending' AND attempt = 0 AND round = 0
          ORDER BY node_id`,
        [ids],
      );
      const total = await h.t.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM steps WHERE run_id = ANY($1::uuid[])',
        [ids],
      );
      expect(total.rows[0]!.n).toBe(3 * 4 + 1);
      for (const [i, id] of ids.entries()) {
        const mine = steps.rows.filter((s) => s.run_id === id).map((s) => `${s.node_id}:${s.node_type}`);
        expect(mine).toEqual(
          runs[i]!.workflowId === wf.workflowId ? ['a:test-add', 'b:test-add', 'src:test-source'] : ['src:test-source'],
        );
        const chain = await auditChain(id);
        expect(chain.actions).toEqual(['run.created']);
        expect(chain.valid).toBe(true);
      }
      // Nothing was started: no step job exists yet.
      const jobs = await h.t.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = ANY($1::text[])`,
        [ids],
      );
      expect(jobs.rows[0]!.n).toBe(0);

      await waitUntil('both notifications', async () => heard.length >= 2, 5000);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.sort()).toEqual([wf.workflowId, other.workflowId].sort());
    } finally {
      await listener.end();
    }
  });

  it('leaves runs queued while no runner works, and startWorkers activates and finishes all of them', async () => {
    await accept(
      inputs(
        wf,
        Array.from({ length: 50 }, (_, i) => 100 + i),
      ),
    );
    const all = [...accepted.keys()];
    await new Promise((r) => setTimeout(r, 300));
    expect(await statuses(all)).toEqual({ queued: 55 });

    await h.engine.startWorkers({ batchSize: 32, pollingIntervalSeconds: 0.5 });
    // The start-up sweep, not the 2 s safety-net interval: every run leaves `queued` well
    // before the interval's first tick.
    const activatedAfter = await waitUntil(
      'all activated',
      async () => (await statuses(all)).queued === undefined,
      10_000,
    );
    expect(activatedAfter).toBeLessThan(1500);
    await waitUntil('all succeeded', async () => (await statuses(all)).succeeded === 55, 20_000);

    for (const id of all) {
      const run = await h.waitForRun(id);
      const value = accepted.get(id)!;
      expect(run.output).toEqual(oneNode.has(id) ? { src: { out: { value } } } : { b: { out: { value: value + 3 } } });
      // run.created (hashed in JS by acceptQueuedRuns) and the engine's later events chain.
      const chain = await auditChain(id);
      expect(chain.actions[0]).toBe('run.created');
      expect(chain.actions[1]).toBe('run.started');
      expect(chain.actions.at(-1)).toBe('run.succeeded');
      expect(chain.valid).toBe(true);
    }
    await expectExactlyOnce(all);
  });

  it('with workers running, picks accepted runs up through NOTIFY, each run and step exactly once', async () => {
    // Six batches 400 ms apart cover the 2 s sweep interval, so if only the sweep found
    // them some batch would wait 1.5 s or more before it started.
    const ids: string[] = [];
    for (let b = 0; b < 6; b++) {
      if (b) await new Promise((r) => setTimeout(r, 400));
      ids.push(
        ...(await accept(
          inputs(
            wf,
            Array.from({ length: 17 }, (_, i) => 1000 + b * 100 + i),
          ),
        )),
      );
    }
    expect(ids).toHaveLength(102);
    await waitUntil('all succeeded', async () => (await statuses(ids)).succeeded === ids.length, 30_000);
    const lag = await h.t.db.pool.query<{ max_ms: number }>(
      `SELECT (extract(epoch FROM max(started_at - created_at)) * 1000)::int AS max_ms FROM runs WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(lag.rows[0]!.max_ms).toBeLessThan(1000);
    const outputs = await h.t.db.pool.query<{ id: string; output: unknown }>(
      'SELECT id, output FROM runs WHERE id = ANY($1::uuid[])',
      [ids],
    );
    for (const row of outputs.rows) expect(row.output).toEqual({ b: { out: { value: accepted.get(row.id)! + 3 } } });
    await expectExactlyOnce(ids);
  });

  it('holds a workflow to its concurrency limit while it drains accepted runs', async () => {
    const limited = await h.publish(
      {
        nodes: [node('src', 'test-source'), node('s', 'test-sleep', { ms: 150 })],
        edges: [edge('src', 'out', 's', 'in')],
      },
      { concurrencyLimit: 2 },
    );
    const ids = await accept(
      inputs(
        limited,
        Array.from({ length: 10 }, (_, i) => i),
      ),
    );
    let maxRunning = 0;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const s = await statuses(ids);
      maxRunning = Math.max(maxRunning, s.running ?? 0);
      if (s.succeeded === 10) break;
      if (Date.now() > deadline) throw new Error(`not drained: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(maxRunning).toBe(2);
    await expectExactlyOnce(ids);
  });

  it('two runners share a burst of accepted runs; each run is started once', async () => {
    // A second runner process: its own pools, pg-boss and engine on the same database.
    const db = createDb({ url: h.t.url, max: 4 });
    const boss = await startBoss({ url: h.t.url, max: 4 });
    const refuse = () => {
      throw new Error('not part of this test');
    };
    const second = createEngine({
      db,
      boss,
      logger: pino({ level: 'silent' }),
      executors: allTestExecutors,
      media: refuse as never,
      infer: refuse as never,
      secrets: refuse as never,
      fetch: refuse as never,
    });
    try {
      await second.startWorkers({ batchSize: 16, pollingIntervalSeconds: 0.5 });
      const more = await h.publish(chainGraph);
      // Both activators hear the NOTIFYs and drain the same workflows at once.
      const ids = await accept([
        ...inputs(
          wf,
          Array.from({ length: 60 }, (_, i) => 5000 + i),
        ),
        ...inputs(
          more,
          Array.from({ length: 60 }, (_, i) => 6000 + i),
        ),
      ]);
      await waitUntil('all succeeded', async () => (await statuses(ids)).succeeded === ids.length, 30_000);
      await expectExactlyOnce(ids);
    } finally {
      await second.stopWorkers().catch(() => {});
      await boss.stop({ graceful: false, wait: true } as never).catch(() => {});
      await db.close();
    }
  });
});
