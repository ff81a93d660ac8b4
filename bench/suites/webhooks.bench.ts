import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { encryptSecret } from '@conveyor/db';
import { ensureQueues, signPayload, verifySignature } from '@conveyor/engine/server';
import { percentile, round, type BenchSuite, type Figures } from '../lib/suite.ts';
import { engineBench, linearGraph } from '../lib/engine-harness.ts';
import { countStatements } from '../lib/count-statements.ts';

const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 8);
const repo = path.resolve(import.meta.dirname, '../..');

/**
 * Webhook intake under load from a second process: the REST handlers run in a child
 * process (as the web app would), autocannon drives them from this one over 127.0.0.1.
 * Every request is signed afresh (unique body and signature: the replay guard is live).
 * - async: 202 accepted per second and latency, runner stopped (accepting is the web's job);
 * - sync: `Prefer: wait=30` through a 3-node logic workflow, the runner (this process) on;
 * - signature verification cost in-process.
 */
const suite: BenchSuite = {
  name: 'webhooks',
  description: 'signed webhook intake: async 202 and sync Prefer: wait, autocannon at c10/c50',
  async run({ server, log }) {
    const figures: Figures = {};
    const database = await server.createDatabase();
    const key = randomBytes(32);
    const mediaDir = await mkdtemp(path.join(os.tmpdir(), 'bench-webhooks-'));
    const h = await engineBench(database.url);
    await ensureQueues(h.boss);
    const wf = await h.publish(linearGraph(3));
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const trigger = await h.db.prisma.trigger.create({
      data: {
        workspaceId: h.workspaceId,
        workflowId: wf.workflowId,
        kind: 'webhook',
        name: 'bench',
        secretCiphertext: encryptSecret(key, secret),
        // The per-trigger limiter must not be what is measured.
        settings: { ratePerSecond: 10_000, burst: 100_000 },
      },
    });

    const child = spawn(
      path.join(repo, 'node_modules/.bin/tsx'),
      ['--tsconfig', path.join(repo, 'apps/web/tsconfig.json'), path.join(repo, 'bench/lib/webhook-server.ts')],
      {
        env: {
          ...process.env,
          BENCH_DATABASE_URL: database.url,
          BENCH_SECRET_KEY: key.toString('hex'),
          BENCH_MEDIA_DIR: mediaDir,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`webhook server exited (${code})`)));
        createInterface({ input: child.stdout! }).once('line', (line) =>
          resolve((JSON.parse(line) as { url: string }).url),
        );
      });
      const hookUrl = `${base}/api/hooks/${trigger.id}`;

      const load = async (connections: number, prefer?: string) => {
        const latencies: number[] = [];
        const statuses = new Map<number, number>();
        // The promise form of autocannon is also its event emitter (the types know one or the other).
        const instance = autocannon({
          url: hookUrl,
          connections,
          duration: SECONDS,
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => {
                const body = JSON.stringify({
                  claimId: randomUUID(),
                  amount: 129.5,
                  sku: 'KETTLE-2L',
                  note: 'cracked lid',
                });
                return {
                  ...req,
                  body,
                  headers: {
                    'content-type': 'application/json',
                    'conveyor-signature': signPayload(secret, body),
                    ...(prefer ? { prefer } : {}),
                  },
                };
              },
            },
          ],
        });
        (instance as unknown as autocannon.Instance).on('response', (_client, status, _bytes, ms) => {
          latencies.push(ms);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
        const result = await instance;
        const ok = statuses.get(prefer ? 200 : 202) ?? 0;
        return {
          rps: ok / (result.duration || SECONDS),
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          other: latencies.length - ok + result.errors + result.timeouts,
          statuses: Object.fromEntries(statuses),
        };
      };
      const finishedRuns = async () =>
        (await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`))
          .rows[0]!.n;
      // From the rows' own timestamps (transaction start times, and the claim time of each
      // attempt): intake → activation → each step's claim and settle → finish.
      const syncStages = async (since: Date) => {
        const { rows } = await h.db.pool.query<Record<string, number>>(
          `WITH s AS (
             SELECT r.id, r.created_at, r.started_at, r.finished_at,
                    max(a.started_at) FILTER (WHERE st.node_id = 'n0') AS c0, max(st.finished_at) FILTER (WHERE st.node_id = 'n0') AS f0,
                    max(a.started_at) FILTER (WHERE st.node_id = 'n1') AS c1
               FROM runs r JOIN steps st ON st.run_id = r.id JOIN step_attempts a ON a.step_id = st.id
              WHERE r.created_at >= $1 AND r.status = 'succeeded' GROUP BY r.id)
           SELECT ${[
             ['accept_to_active', 'started_at - created_at'],
             ['active_to_first_claim', 'c0 - started_at'],
             ['claim_to_settle', 'f0 - c0'],
             ['settle_to_next_claim', 'c1 - f0'],
             ['first_claim_to_finish', 'finished_at - c0'],
             ['accept_to_finish', 'finished_at - created_at'],
           ]
             .map(
               ([k, e]) =>
                 `round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${e}) * 1000))::numeric, 1)::float AS ${k}`,
             )
             .join(', ')} FROM s`,
          [since],
        );
        return rows[0] ?? {};
      };
      const drain = async () => {
        await h.db.pool.query(`DELETE FROM pgboss.job WHERE name = 'conveyor-steps'`);
        await h.db.pool.query(
          `UPDATE runs SET status = 'canceled', finished_at = now() WHERE status IN ('queued', 'running')`,
        );
      };

      await load(10); // warm-up: JIT, pools, prepared plans
      await drain();

      // The floor under the web layer: the engine creating runs in-process, no HTTP, same
      // database, same moment — so the ratio survives a noisy machine better than the rates.
      const startFloor = async (connections: number) => {
        let n = 0;
        const until = performance.now() + 3000;
        await Promise.all(
          Array.from({ length: connections }, async () => {
            while (performance.now() < until) {
              await h.engine.startRun({
                workspaceId: h.workspaceId,
                workflowId: wf.workflowId,
                workflowVersionId: wf.versionId,
                input: { claimId: randomUUID() },
                triggerKind: 'webhook',
              });
              n += 1;
            }
          }),
        );
        return n / 3;
      };
      figures.engine_start_rps_c10 = round(await startFloor(10));
      log(`engine.startRun in-process (the floor): ${figures.engine_start_rps_c10} runs/s at c10`);
      await drain();
      for (const c of [10, 50]) {
        const since = new Date();
        const r = await load(c);
        // Runs per intake transaction: the run.created rows one transaction wrote share its xmin.
        const grouped = await h.db.pool.query<{ n: number }>(
          `SELECT (count(*)::float / greatest(count(DISTINCT xmin::text), 1))::float AS n
             FROM audit_events WHERE action = 'run.created' AND created_at >= $1`,
          [since],
        );
        figures[`async_runs_per_intake_txn_c${c}`] = round(grouped.rows[0]!.n);
        log(
          `async c${c}: ${round(r.rps)} accepted/s, p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, p99 ${round(r.p99)} ms, other ${r.other} ${JSON.stringify(r.statuses)}; runs per intake transaction ${figures[`async_runs_per_intake_txn_c${c}`]}`,
        );
        Object.assign(figures, {
          [`async_rps_c${c}`]: round(r.rps),
          [`async_p50_ms_c${c}`]: round(r.p50),
          [`async_p95_ms_c${c}`]: round(r.p95),
          [`async_p99_ms_c${c}`]: round(r.p99),
          [`async_non2xx_c${c}`]: r.other,
        });
        await drain();
      }
      figures.async_vs_engine_start_c10 = round(Number(figures.async_rps_c10) / Number(figures.engine_start_rps_c10));

      // The runner's default batch (CONVEYOR_STEP_BATCH).
      await h.engine.startWorkers({ batchSize: 50, pollingIntervalSeconds: 1 });
      await load(10, 'wait=30'); // warm-up of the runner
      for (const c of [10, 50]) {
        // Every statement the runner side (this process) sends per finished run: activation,
        // three steps, the finish — independent of a noisy machine, unlike the rates.
        const since = new Date();
        const before = await finishedRuns();
        const statements = countStatements();
        const r = await load(c, 'wait=30');
        const sent = statements.stop();
        figures[`sync_runner_statements_per_run_c${c}`] = round(sent / Math.max(1, (await finishedRuns()) - before));
        log(
          `sync 3-node c${c}: ${round(r.rps)} finished/s, p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, p99 ${round(r.p99)} ms, other ${r.other} ${JSON.stringify(r.statuses)}; runner statements per run ${figures[`sync_runner_statements_per_run_c${c}`]}`,
        );
        const stages = await syncStages(since);
        log(`  where a sync run's time goes (p50 ms): ${JSON.stringify(stages)}`);
        for (const [k, v] of Object.entries(stages)) figures[`sync_stage_${k}_p50_ms_c${c}`] = v;
        Object.assign(figures, {
          [`sync_rps_c${c}`]: round(r.rps),
          [`sync_p50_ms_c${c}`]: round(r.p50),
          [`sync_p95_ms_c${c}`]: round(r.p95),
          [`sync_p99_ms_c${c}`]: round(r.p99),
          [`sync_non200_c${c}`]: r.other,
        });
      }

      // Signature verification of a typical 1 KiB body, in-process.
      const body = JSON.stringify({ claimId: 'C-1', note: 'x'.repeat(1000) });
      const header = signPayload(secret, body);
      const n = 20_000;
      const t0 = performance.now();
      for (let i = 0; i < n; i += 1) verifySignature(header, body, [secret]);
      figures.signature_verify_us = round(((performance.now() - t0) * 1000) / n);
      log(`signature verification (1 KiB body): ${figures.signature_verify_us} µs`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await h.close();
      await database.drop();
      await rm(mediaDir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default suite;
