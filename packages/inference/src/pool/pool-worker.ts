import type { PgBoss, Job, JobResult } from 'pg-boss';
import type { Db } from '@conveyor/db';
import type { MediaRef } from '@conveyor/nodes';
import { poolQueueName } from '../pool-queue.ts';
import { modelKey, type InferenceBackend } from './backend.ts';
import { RESULT_CHANNEL, type InferenceJob, type InferenceOutcome } from './protocol.ts';
import { PoolStats } from './pool-stats.ts';

/** A pool job not touched for this long belongs to a dead worker: pg-boss retries it. */
export const POOL_HEARTBEAT_SECONDS = 10;

export interface PoolWorkerOptions {
  db: Pick<Db, 'pool'>;
  boss: PgBoss;
  pool: string;
  backends: InferenceBackend[];
  /** Bytes of a media reference in its workspace (the runner wires the media store). */
  readMedia(workspaceId: string, ref: MediaRef): Promise<Uint8Array>;
  putMedia(workspaceId: string, bytes: Uint8Array, contentType: string): Promise<MediaRef>;
  /** Largest batch a fetch takes. */
  maxBatchSize?: number;
  /** After a short fetch, wait this long for more requests before running (dynamic batching). */
  maxWaitMs?: number;
  /** A batch that runs longer fails its requests as retryable. */
  timeoutMs?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** How often the queue depth is sampled into the stats. Default 2 s. */
  depthSampleMs?: number;
  /** Batches in flight at once (different models run side by side; one batch per model). Default 2. */
  concurrency?: number;
  /** The schema pg-boss was started with. Default `pgboss`. */
  bossSchema?: string;
}

/**
 * A pool worker: pulls requests for one pool in batches, groups them by model, runs each
 * group through its (warm) backend in one call, and writes each request its own result.
 * Models load lazily and independently: a model still loading never holds up a batch of
 * another model. Per-model concurrency is one batch at a time (batching, not parallel
 * calls, is what makes a model fast).
 */
export async function startPoolWorker(o: PoolWorkerOptions) {
  const queue = poolQueueName(o.pool);
  const maxBatch = o.maxBatchSize ?? 16;
  const maxWaitMs = o.maxWaitMs ?? 10;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const backends = new Map(o.backends.map((b) => [modelKey(b.model, b.version), b]));
  const loading = new Map<string, Promise<void>>();
  const busy = new Map<string, Promise<unknown>>();
  const stats = new PoolStats();
  // Heartbeats: a worker that dies mid-batch (SIGKILL, OOM) stops touching its jobs, and
  // pg-boss's supervisor fails and retries them after POOL_HEARTBEAT_SECONDS instead of
  // waiting for the job's expiry. updateQueue: queues made before this setting get it too.
  await o.boss.createQueue(queue, { notify: true, heartbeatSeconds: POOL_HEARTBEAT_SECONDS } as never);
  await o.boss.updateQueue(queue, { heartbeatSeconds: POOL_HEARTBEAT_SECONDS } as never);

  const ensureLoaded = (key: string, backend: InferenceBackend) => {
    let p = loading.get(key);
    if (!p) {
      const t0 = performance.now();
      p = backend.load().then(() => stats.loaded(key, performance.now() - t0));
      p.catch(() => loading.delete(key)); // a failed load is tried again next batch
      loading.set(key, p);
    }
    return p;
  };

  const runGroup = async (key: string, jobs: Job<InferenceJob>[]): Promise<Map<string, InferenceOutcome>> => {
    const outcomes = new Map<string, InferenceOutcome>();
    const backend = backends.get(key);
    if (!backend) {
      for (const j of jobs) outcomes.set(j.id, failure(`This pool does not serve ${key}`, 'model_not_served', false));
      return outcomes;
    }
    try {
      await ensureLoaded(key, backend);
    } catch (error) {
      for (const j of jobs)
        outcomes.set(
          j.id,
          failure(`Model ${key} failed to load: ${(error as Error).message}`, 'model_load_failed', true),
        );
      return outcomes;
    }
    // One batch per model at a time.
    const previous = busy.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    busy.set(
      key,
      previous.then(() => mine),
    );
    await previous;
    try {
      // A request whose caller already gave up is answered without model work.
      const now = Date.now();
      const live = jobs.filter((j) => {
        if (j.data.deadlineAt === undefined || j.data.deadlineAt > now) return true;
        stats.expired++;
        outcomes.set(
          j.id,
          failure(
            `The request waited ${now - (j.data.sentAt ?? now)} ms in pool "${o.pool}", past its timeout`,
            'inference_timeout',
            true,
          ),
        );
        return false;
      });
      const items = await Promise.all(
        live.map(async (j) => {
          try {
            const bytes = await o.readMedia(j.data.workspaceId, j.data.media);
            return { job: j, bytes };
          } catch (error) {
            outcomes.set(
              j.id,
              failure(
                `Could not read media ${j.data.media.mediaId}: ${(error as Error).message}`,
                'media_unreadable',
                false,
              ),
            );
            return null;
          }
        }),
      );
      const ready = items.filter((x): x is { job: Job<InferenceJob>; bytes: Uint8Array } => x !== null);
      for (let i = 0; i < ready.length; i += backend.maxBatch ?? ready.length) {
        const chunk = ready.slice(i, i + (backend.maxBatch ?? ready.length));
        const t0 = performance.now();
        let results: (unknown | Error)[];
        try {
          results = await withTimeout(
            backend.run(
              chunk.map(({ job, bytes }) => ({
                media: job.data.media,
                bytes,
                params: job.data.params,
                putMedia: (b, type) => o.putMedia(job.data.workspaceId, b, type),
              })),
            ),
            timeoutMs,
          );
        } catch (error) {
          // The whole batch failed (model crash, remote server down or refusing): each
          // request gets the error's own code and retry meaning, retryable unless it says not.
          const timedOut = error instanceof TimeoutError;
          const typed = error as { code?: unknown; retryable?: unknown };
          const code = timedOut
            ? 'inference_timeout'
            : typeof typed.code === 'string'
              ? typed.code
              : 'inference_failed';
          stats.failedBatch(chunk.length);
          for (const { job } of chunk) {
            outcomes.set(job.id, failure((error as Error).message, code, timedOut || typed.retryable !== false));
          }
          continue;
        }
        stats.batch(key, chunk.length, performance.now() - t0);
        const done = Date.now();
        for (const { job } of chunk) if (job.data.sentAt !== undefined) stats.request(done - job.data.sentAt);
        chunk.forEach(({ job }, k) => {
          const r = results[k];
          outcomes.set(
            job.id,
            r instanceof Error
              ? failure(r.message, (r as { code?: string }).code ?? 'bad_input', false)
              : {
                  ok: true,
                  output: {
                    model: { name: backend.model, version: backend.version },
                    backend: backend.backend,
                    outputs: r,
                  },
                },
          );
        });
      }
    } finally {
      release();
    }
    return outcomes;
  };

  const workerId = await o.boss.work(
    queue,
    {
      batchSize: maxBatch,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
      perJobResults: true,
      // Two handlers: while one batch is in a slow model (a long video), the next batch is
      // fetched and can run on the other models; the per-model lock keeps one batch per model.
      localConcurrency: o.concurrency ?? 2,
    },
    async (fetched: Job<InferenceJob>[]): Promise<JobResult[]> => {
      let jobs = fetched;
      let more: Job<InferenceJob>[] = [];
      // Dynamic batching: a short batch waits a moment for more requests to join it.
      if (jobs.length < maxBatch && maxWaitMs > 0) {
        await new Promise((r) => setTimeout(r, maxWaitMs));
        more = await o.boss.fetch<InferenceJob>(queue, { batchSize: maxBatch - jobs.length });
        jobs = [...jobs, ...more];
      }
      // pg-boss heartbeats the jobs it handed this handler; the ones fetched for the wait are ours to touch.
      const touch = more.length
        ? setInterval(
            () =>
              void o.boss
                .touch(
                  queue,
                  more.map((j) => j.id),
                )
                .catch(() => {}),
            (POOL_HEARTBEAT_SECONDS * 1000) / 3,
          )
        : undefined;
      const groups = new Map<string, Job<InferenceJob>[]>();
      for (const j of jobs) {
        const key = modelKey(j.data.model, j.data.version);
        groups.set(key, [...(groups.get(key) ?? []), j]);
      }
      const outcomes = new Map<string, InferenceOutcome>();
      try {
        await Promise.all(
          [...groups].map(async ([key, g]) => (await runGroup(key, g)).forEach((v, k) => outcomes.set(k, v))),
        );
      } finally {
        clearInterval(touch);
      }
      await publish(o.db, outcomes);
      // Extra jobs fetched for the wait are completed here; the handler reports the rest.
      const extra = jobs.slice(fetched.length);
      if (extra.length)
        await o.boss.complete(
          queue,
          extra.map((j) => j.id),
        );
      // A full fetch means more may be waiting: fetch again now instead of after the poll
      // interval (pg-boss only refetches at once when a NOTIFY arrived meanwhile).
      if (fetched.length >= maxBatch) setImmediate(() => o.boss.notifyWorker(workerId));
      return fetched.map((j) => ({ id: j.id, status: 'completed' as const }));
    },
  );
  // Counted live: pg-boss's own queue counts are a cache refreshed by its monitor (minutes).
  const bossSchema = o.bossSchema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(bossSchema)) throw new Error(`Invalid pg-boss schema "${bossSchema}"`);
  const queueDepth = async () => {
    const { rows } = await o.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${bossSchema}.job WHERE name = $1 AND state < 'active'`,
      [queue],
    );
    return rows[0]?.n ?? 0;
  };
  // Every live worker of the pool reclaims the jobs of a worker that died mid-batch (their
  // heartbeats stopped): failing them hands them to pg-boss's retry at once. pg-boss's own
  // supervisor does the same, but at most once a minute per queue.
  const reclaim = async () => {
    const { rows } = await o.db.pool.query<{ id: string }>(
      `SELECT id FROM ${bossSchema}.job
        WHERE name = $1 AND state = 'active' AND heartbeat_seconds IS NOT NULL
          AND heartbeat_on + heartbeat_seconds * interval '1 second' < now()`,
      [queue],
    );
    if (rows.length === 0) return;
    await o.boss.fail(
      queue,
      rows.map((r) => r.id),
      { message: `pool worker stopped heartbeating for ${POOL_HEARTBEAT_SECONDS} s (crashed or killed); retrying` },
    );
    stats.reclaimed += rows.length;
    o.log?.('reclaimed requests of a dead pool worker', { count: rows.length });
  };
  const reclaimSoon = () => void reclaim().catch(() => {});
  reclaimSoon();
  const reclaimTimer = setInterval(reclaimSoon, (POOL_HEARTBEAT_SECONDS * 1000) / 2);
  reclaimTimer.unref();
  // Queue depth goes into the stats (heartbeat, /metrics) without a query per read.
  const sampleDepth = () =>
    void queueDepth()
      .then((n) => (stats.queueDepth = n))
      .catch(() => {});
  sampleDepth();
  const depthTimer = setInterval(sampleDepth, o.depthSampleMs ?? 2000);
  depthTimer.unref();
  return {
    workerId,
    stats,
    queueDepth,
    async stop() {
      clearInterval(depthTimer);
      clearInterval(reclaimTimer);
      await o.boss.offWork(queue, { wait: true } as never);
    },
  };
}

/** Results and the wake-up go out in one statement: the NOTIFY is delivered on commit. */
async function publish(db: Pick<Db, 'pool'>, outcomes: Map<string, InferenceOutcome>) {
  if (!outcomes.size) return;
  const ids = [...outcomes.keys()];
  const values = ids.map((id) => outcomes.get(id)!);
  await db.pool.query(
    `WITH ins AS (
       INSERT INTO inference_results (job_id, ok, output, error)
       SELECT * FROM unnest($1::uuid[], $2::boolean[], $3::jsonb[], $4::jsonb[])
       ON CONFLICT (job_id) DO UPDATE SET ok = EXCLUDED.ok, output = EXCLUDED.output, error = EXCLUDED.error
       RETURNING job_id)
     SELECT pg_notify('${RESULT_CHANNEL}', job_id::text) FROM ins`,
    [
      ids,
      values.map((v) => v.ok),
      values.map((v) => (v.output === undefined ? null : JSON.stringify(v.output))),
      values.map((v) => (v.error ? JSON.stringify(v.error) : null)),
    ],
  );
}

function failure(message: string, code: string, retryable: boolean): InferenceOutcome {
  return { ok: false, error: { message, code, retryable } };
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`Inference took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
