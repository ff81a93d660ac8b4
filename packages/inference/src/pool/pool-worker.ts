import type { PgBoss, Job, JobResult } from 'pg-boss';
import type { Db } from '@conveyor/db';
import type { MediaRef } from '@conveyor/nodes';
import { poolQueueName } from '../pool-queue.ts';
import { modelKey, type InferenceBackend } from './backend.ts';
import { RESULT_CHANNEL, type InferenceJob, type InferenceOutcome } from './protocol.ts';
import { PoolStats } from './pool-stats.ts';

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
  await o.boss.createQueue(queue, { notify: true } as never);

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
      const items = await Promise.all(
        jobs.map(async (j) => {
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
          const timedOut = error instanceof TimeoutError;
          for (const { job } of chunk) {
            outcomes.set(
              job.id,
              failure((error as Error).message, timedOut ? 'inference_timeout' : 'inference_failed', true),
            );
          }
          continue;
        }
        stats.batch(key, chunk.length, performance.now() - t0);
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
    { batchSize: maxBatch, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5, perJobResults: true },
    async (fetched: Job<InferenceJob>[]): Promise<JobResult[]> => {
      let jobs = fetched;
      // Dynamic batching: a short batch waits a moment for more requests to join it.
      if (jobs.length < maxBatch && maxWaitMs > 0) {
        await new Promise((r) => setTimeout(r, maxWaitMs));
        const more = await o.boss.fetch<InferenceJob>(queue, { batchSize: maxBatch - jobs.length });
        jobs = [...jobs, ...more];
      }
      const groups = new Map<string, Job<InferenceJob>[]>();
      for (const j of jobs) {
        const key = modelKey(j.data.model, j.data.version);
        groups.set(key, [...(groups.get(key) ?? []), j]);
      }
      const outcomes = new Map<string, InferenceOutcome>();
      await Promise.all(
        [...groups].map(async ([key, g]) => (await runGroup(key, g)).forEach((v, k) => outcomes.set(k, v))),
      );
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
  return {
    workerId,
    stats,
    async queueDepth() {
      const q = await o.boss.getQueue(queue);
      return (q as { queuedCount?: number } | null)?.queuedCount ?? 0;
    },
    async stop() {
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
