import { ensureQueues } from '@conveyor/engine/server';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';
import { engineBench, linearGraph, marks, waitUntil } from '../lib/engine-harness.ts';
import { measureBossHopFloor } from '../lib/boss-floor.ts';
import { countStatements } from '../lib/count-statements.ts';

const HOP_RUNS = 40;
const HOP_NODES = 6;
const BACKLOG_RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 1000);

// (a) the raw pg-boss hop floor, (b) our step hop, (c) runs/s of a 5-node workflow at a
// fixed backlog, (d) the ratio of (b) to (a) — all in one run on the same database.
const suite: BenchSuite = {
  name: 'engine',
  description: 'step hop latency vs the raw pg-boss floor, and runs/s of a 5-node workflow',
  async run({ server, log }) {
    const floorDb = await server.createDatabase();
    const floor = await measureBossHopFloor(floorDb.url, 300);
    await floorDb.drop();
    log(`raw pg-boss hop (send → worker, in-process wake): p50 ${round(floor.p50)} ms, p99 ${round(floor.p99)} ms`);

    // (b) hop latency: sequential runs of a 6-node chain, no other load.
    const hopDb = await server.createDatabase();
    const h = await engineBench(hopDb.url);
    await h.engine.startWorkers({ batchSize: 16, pollingIntervalSeconds: 1 });
    const chain = await h.publish(linearGraph(HOP_NODES));
    const hops: number[] = [];
    for (let i = 0; i < HOP_RUNS; i++) {
      const { runId } = await h.engine.startRun({
        workspaceId: h.workspaceId,
        workflowId: chain.workflowId,
        workflowVersionId: chain.versionId,
        input: { i },
      });
      await waitUntil(async () => marks.has(`${runId}:n${HOP_NODES - 1}`), 10_000);
      for (let n = 1; n < HOP_NODES; n++)
        hops.push(marks.get(`${runId}:n${n}`)!.enter - marks.get(`${runId}:n${n - 1}`)!.exit);
    }
    await h.close();
    await hopDb.drop();
    const hopP50 = percentile(hops, 50);
    log(
      `step hop (executor exit → next executor entry): p50 ${round(hopP50)} ms, p99 ${round(percentile(hops, 99))} ms over ${hops.length} hops`,
    );

    // (c) throughput: a backlog of runs queued first, then the workers drain it.
    const tpDb = await server.createDatabase();
    const b = await engineBench(tpDb.url);
    await ensureQueues(b.boss);
    const five = await b.publish(linearGraph(5));
    const t0 = performance.now();
    for (let i = 0; i < BACKLOG_RUNS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, BACKLOG_RUNS - i) }, (_, k) =>
          b.engine.startRun({
            workspaceId: b.workspaceId,
            workflowId: five.workflowId,
            workflowVersionId: five.versionId,
            input: { i: i + k },
          }),
        ),
      );
    }
    const enqueueS = (performance.now() - t0) / 1000;
    log(`enqueued ${BACKLOG_RUNS} runs in ${round(enqueueS)} s (${round(BACKLOG_RUNS / enqueueS)} starts/s)`);
    // A database in service has planner statistics (autovacuum analyses every minute); this
    // one was created seconds ago. Without them the planner reads whole tables per batch.
    await b.db.pool.query('ANALYZE');
    // Every statement of this process (engine pool and pg-boss's pool share pg's Client)
    // while the backlog drains: the cost per step, independent of a noisy machine.
    const statements = countStatements();
    const t1 = performance.now();
    await b.engine.startWorkers({
      batchSize: Number(process.env.BENCH_BATCH ?? 50),
      concurrency: process.env.BENCH_LOOPS ? Number(process.env.BENCH_LOOPS) : undefined,
      pollingIntervalSeconds: 0.5,
    });
    await waitUntil(async () => {
      const { rows } = await b.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`,
      );
      return rows[0]!.n === BACKLOG_RUNS;
    }, 600_000);
    const drainS = (performance.now() - t1) / 1000;
    const drainStatements = statements.stop();
    const failed = await b.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM runs WHERE status <> 'succeeded'`,
    );
    await b.close();
    await tpDb.drop();
    log(`drained ${BACKLOG_RUNS} runs × 5 steps in ${round(drainS)} s; not succeeded: ${failed.rows[0]!.n}`);
    log(`statements while draining: ${drainStatements} (${round(drainStatements / (BACKLOG_RUNS * 5))} per step)`);

    return {
      hop_floor_p50_ms: round(floor.p50),
      hop_floor_p99_ms: round(floor.p99),
      hop_p50_ms: round(hopP50),
      hop_p99_ms: round(percentile(hops, 99)),
      hop_ratio: round(hopP50 / floor.p50),
      runs_per_s: round(BACKLOG_RUNS / drainS),
      steps_per_s: round((BACKLOG_RUNS * 5) / drainS),
      run_starts_per_s: round(BACKLOG_RUNS / enqueueS),
      statements_per_step: round(drainStatements / (BACKLOG_RUNS * 5)),
    };
  },
};
export default suite;
