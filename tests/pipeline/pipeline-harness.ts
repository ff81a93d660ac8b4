import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createWorkflow, createWorkspace } from '@conveyor/db/factories';
import {
  LocalMediaStore,
  createEngine,
  createWorkspaceMedia,
  sha256Json,
  startBoss,
  type Engine,
} from '@conveyor/engine/server';
import { createInferClient, createModelRegistry, startPoolWorker, type InferenceBackend } from '@conveyor/inference';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';

export interface PipelineHarness {
  t: TestDatabase;
  engine: Engine;
  workspaceId: string;
  media: ReturnType<typeof createWorkspaceMedia>;
  /** Publishes a graph as version 1 of a new workflow in the harness workspace. */
  publish(graph: object): Promise<{ workflowId: string; versionId: string }>;
  /** Starts a run of a published workflow and waits until it succeeds or fails. */
  run(
    wf: { workflowId: string; versionId: string },
    input: unknown,
    timeoutMs?: number,
  ): Promise<{ runId: string; run: { status: string; error: unknown } | undefined }>;
  /** Step outputs of a run, by node id. */
  steps(runId: string): Promise<Record<string, { status: string; outputs: never; error: never }>>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Set up the registry (seed models, pools) before the pool worker starts. */
  prepare: (t: TestDatabase) => Promise<unknown>;
  pool: string;
  backends: (t: TestDatabase) => Promise<InferenceBackend[]> | InferenceBackend[];
  maxMediaBytes?: number;
  inferTimeoutMs?: number;
}

/**
 * The whole path of a model step, for pipeline tests: a database of its own, the real
 * engine with the real node executors, one pool worker with real backends, and the infer
 * client between them — nothing of ours replaced.
 */
export async function startPipeline(o: PipelineOptions): Promise<PipelineHarness> {
  const t = await createTestDatabase();
  await o.prepare(t);
  const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'pipeline-media-'));
  await chmod(mediaRoot, 0o755);
  const store = new LocalMediaStore(mediaRoot);
  const mediaFor = (ws: string) =>
    createWorkspaceMedia({ db: t.db, store, workspaceId: ws, maxBytes: o.maxMediaBytes ?? 20_000_000 });
  const boss = await startBoss({ url: t.url, max: 6 });
  const pool = await startPoolWorker({
    db: t.db,
    boss,
    pool: o.pool,
    backends: await o.backends(t),
    readMedia: (ws, ref) => mediaFor(ws).get(ref),
    putMedia: (ws, b, type) => mediaFor(ws).put(b, { contentType: type }),
  });
  const infer = await createInferClient({
    db: t.db,
    boss,
    registry: createModelRegistry(t.db),
    timeoutMs: o.inferTimeoutMs ?? 60_000,
  });
  const refuse = () => {
    throw new Error('not used here');
  };
  const engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [...nodeExecutors],
    media: mediaFor,
    infer: (ws) => infer.forWorkspace(ws),
    secrets: refuse as never,
    fetch: refuse as never,
  });
  await engine.startWorkers({ batchSize: 8, pollingIntervalSeconds: 0.5 });
  const workspaceId = (await createWorkspace(t.db)).id;

  return {
    t,
    engine,
    workspaceId,
    media: mediaFor(workspaceId),
    async publish(graph) {
      const wf = await createWorkflow(t.db, { workspaceId, graph });
      const v = await t.db.prisma.workflowVersion.create({
        data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
      });
      return { workflowId: wf.id, versionId: v.id };
    },
    async run(wf, input, timeoutMs = 90_000) {
      const { runId } = await engine.startRun({
        workspaceId,
        workflowId: wf.workflowId,
        workflowVersionId: wf.versionId,
        input,
      });
      const deadline = Date.now() + timeoutMs;
      let run: { status: string; error: unknown } | undefined;
      while (Date.now() < deadline) {
        run = (await t.db.pool.query('SELECT status, error FROM runs WHERE id = $1', [runId])).rows[0];
        if (run && ['succeeded', 'failed'].includes(run.status)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      return { runId, run };
    },
    async steps(runId) {
      const { rows } = await t.db.pool.query<{ node_id: string; status: string; outputs: never; error: never }>(
        'SELECT node_id, status, outputs, error FROM steps WHERE run_id = $1',
        [runId],
      );
      return Object.fromEntries(rows.map((r) => [r.node_id, r]));
    },
    async close() {
      await engine.stopWorkers();
      await pool.stop();
      await infer.close();
      await boss.stop({ graceful: false });
      await t.drop();
      await rm(mediaRoot, { recursive: true, force: true });
    },
  };
}
