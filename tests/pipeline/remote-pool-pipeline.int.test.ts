import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  createInferClient,
  createModelRegistry,
  createPoolBackends,
  encodePng,
  generateSample,
  loadPoolConfig,
  startPoolWorker,
} from '@conveyor/inference';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { startOipTestServer, type OipTestServer } from '../../packages/inference/src/oip/oip-server.test-support.ts';

// A workflow whose classifier runs on a remote GPU pool: the registry routes the defect
// classifier to a `remote` pool whose settings name an Open Inference Protocol endpoint
// (Triton / KServe); here a local server that speaks the protocol and runs the model.
let t: TestDatabase;
let server: OipTestServer;
let mediaRoot: string;
let engine: Engine;
let close: () => Promise<void>;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startOipTestServer();
  const pool = await t.db.prisma.pool.create({
    data: {
      name: 'gpu-triton',
      kind: 'remote',
      settings: { endpoint: server.url, models: { 'defect-classifier': { binaryData: true } } },
    },
  });
  const model = await t.db.prisma.model.create({ data: { name: 'defect-classifier', task: 'classify' } });
  await t.db.prisma.modelVersion.create({
    data: { modelId: model.id, version: '1.0.0', backend: 'oip-v2', poolId: pool.id },
  });
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'remote-pool-media-'));
  await chmod(mediaRoot, 0o755);
  const store = new LocalMediaStore(mediaRoot);
  const media = (ws: string) => createWorkspaceMedia({ db: t.db, store, workspaceId: ws, maxBytes: 1e7 });
  const boss = await startBoss({ url: t.url, max: 6 });
  const worker = await startPoolWorker({
    db: t.db,
    boss,
    pool: 'gpu-triton',
    backends: createPoolBackends(await loadPoolConfig(t.db, 'gpu-triton')),
    readMedia: (ws, ref) => media(ws).get(ref),
    putMedia: (ws, b, type) => media(ws).put(b, { contentType: type }),
  });
  const infer = await createInferClient({ db: t.db, boss, registry: createModelRegistry(t.db), timeoutMs: 30_000 });
  const refuse = () => {
    throw new Error('not used here');
  };
  engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [...nodeExecutors],
    media,
    infer: (ws) => infer.forWorkspace(ws),
    secrets: refuse as never,
    fetch: refuse as never,
  });
  await engine.startWorkers({ batchSize: 8, pollingIntervalSeconds: 0.5 });
  close = async () => {
    await engine.stopWorkers();
    await worker.stop();
    await infer.close();
    await boss.stop({ graceful: false });
  };
}, 60_000);
afterAll(async () => {
  await close?.();
  await server?.close();
  await t?.drop();
  await rm(mediaRoot, { recursive: true, force: true });
});

describe('remote GPU pool in a workflow', () => {
  it('classifies the photos of a claim on the remote server, in batched infer calls', async () => {
    const workspaceId = (await createWorkspace(t.db)).id;
    const graph = {
      nodes: [
        {
          id: 'claim',
          type: 'ingest',
          typeVersion: 1,
          config: { acceptedTypes: ['image/png'], minFiles: 1, maxFiles: 6 },
        },
        { id: 'classify', type: 'classifier', typeVersion: 1, config: { model: 'defect-classifier' } },
      ],
      edges: [{ from: { node: 'claim', port: 'media' }, to: { node: 'classify', port: 'media' } }],
    };
    const wf = await createWorkflow(t.db, { workspaceId, graph });
    const v = await t.db.prisma.workflowVersion.create({
      data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
    });
    const media = createWorkspaceMedia({ db: t.db, store: new LocalMediaStore(mediaRoot), workspaceId, maxBytes: 1e7 });
    const labels = ['clean', 'clean', 'crack', 'clean', 'scratch', 'clean'] as const;
    const refs = [];
    for (const [i, label] of labels.entries()) {
      refs.push(await media.put(encodePng(generateSample(424242, i, { label })), { contentType: 'image/png' }));
    }
    const before = server.calls.length;
    const { runId } = await engine.startRun({
      workspaceId,
      workflowId: wf.id,
      workflowVersionId: v.id,
      input: { record: {}, media: refs },
    });
    const deadline = Date.now() + 60_000;
    let run: { status: string; error: unknown } | undefined;
    while (Date.now() < deadline) {
      run = (await t.db.pool.query('SELECT status, error FROM runs WHERE id = $1', [runId])).rows[0];
      if (run && ['succeeded', 'failed'].includes(run.status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'classify'`, [
      runId,
    ]);
    const classification = rows[0].outputs.classification as {
      model: unknown;
      label: string;
      frames: number;
      perMedia: { label: string }[];
    };
    expect(classification.model).toEqual({ name: 'defect-classifier', version: '1.0.0' });
    expect(classification.frames).toBe(6);
    expect(classification.label).toBe('defect');
    // The six photos reached the server in fewer calls than photos (the pool batched them).
    const calls = server.calls.slice(before);
    expect(calls.reduce((n, c) => n + c.batch, 0)).toBe(6);
    expect(calls.length).toBeLessThan(6);
  }, 90_000);
});
