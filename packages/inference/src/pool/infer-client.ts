import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Db } from '@conveyor/db';
import {
  NonRetriableError,
  RetryableError,
  type InferFn,
  type InferRequest,
  type MediaRef,
} from '@conveyor/nodes/server';
import { poolQueueName } from '../pool-queue.ts';
import { RESULT_CHANNEL, type InferenceJob } from './protocol.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';

export interface InferClientOptions {
  db: Db;
  boss: PgBoss;
  registry: ModelRegistry;
  /** How long a step waits for its result before failing (retryable). */
  timeoutMs?: number;
}

/**
 * `ctx.infer` for the engine: sends the request to its model's pool queue (priority: the
 * step's run priority — interactive before backlog), then waits for the result that the
 * pool writes to `inference_results`, woken by NOTIFY and, as a safety net, by a poll.
 */
export async function createInferClient(o: InferClientOptions) {
  const timeoutMs = o.timeoutMs ?? 120_000;
  const waiting = new Map<string, (row: ResultRow) => void>();
  let listener: pg.Client | undefined;

  const take = async (ids: string[]) => {
    if (!ids.length) return;
    const { rows } = await o.db.pool.query<ResultRow>(
      'DELETE FROM inference_results WHERE job_id = ANY($1::uuid[]) RETURNING job_id, ok, output, error',
      [ids],
    );
    for (const row of rows) waiting.get(row.job_id)?.(row);
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString: o.db.url, application_name: 'conveyor-infer-listener' });
    client.on('notification', (n) => n.payload && waiting.has(n.payload) && void take([n.payload]).catch(() => {}));
    client.on('error', () => {
      listener = undefined;
      setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${RESULT_CHANNEL}`);
    listener = client;
  };
  await connect();
  // Safety net for a NOTIFY missed while reconnecting.
  const poll = setInterval(() => void take([...waiting.keys()]).catch(() => {}), 1000);
  poll.unref();

  const infer = async (request: InferRequest & { workspaceId?: string; timeoutMs?: number }) => {
    const waitMs = request.timeoutMs ?? timeoutMs;
    const resolved = await o.registry.resolve(request.model, request.version);
    const media = request.inputs.media as MediaRef | undefined;
    if (!media) throw new NonRetriableError('An inference request needs inputs.media', { code: 'bad_request' });
    const { media: _media, ...params } = request.inputs;
    const data: InferenceJob = {
      workspaceId: request.workspaceId ?? '',
      model: resolved.model,
      version: resolved.version,
      task: resolved.task,
      media,
      params,
      sentAt: Date.now(),
      deadlineAt: Date.now() + waitMs,
    };
    const jobId = await o.boss.send(poolQueueName(resolved.pool), data as unknown as object, {
      priority: request.priority ?? 0,
      retryLimit: 2,
      expireInSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
    if (!jobId) throw new RetryableError('The inference queue refused the request');
    const row = await new Promise<ResultRow>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(jobId);
        reject(
          new RetryableError(
            `No result from pool "${resolved.pool}" for ${resolved.model}@${resolved.version} within ${waitMs} ms`,
            { code: 'inference_timeout' },
          ),
        );
      }, waitMs);
      waiting.set(jobId, (r) => {
        clearTimeout(timer);
        waiting.delete(jobId);
        resolve(r);
      });
      void take([jobId]).catch(() => {});
    });
    if (!row.ok) {
      const e = row.error ?? { message: 'inference failed', code: 'inference_failed', retryable: true };
      throw e.retryable
        ? new RetryableError(e.message, { code: e.code })
        : new NonRetriableError(e.message, { code: e.code });
    }
    return row.output as { model: { name: string; version: string }; outputs: unknown };
  };

  return {
    /** Bind to a workspace: the pool reads the request's media from that workspace. */
    forWorkspace(workspaceId: string): InferFn {
      return ((request: InferRequest) => infer({ ...request, workspaceId })) as InferFn;
    },
    async close() {
      clearInterval(poll);
      await listener?.end().catch(() => {});
    },
  };
}

interface ResultRow {
  job_id: string;
  ok: boolean;
  output: unknown;
  error: { message: string; code: string; retryable: boolean } | null;
}
