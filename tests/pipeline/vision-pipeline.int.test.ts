import { readFile, mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { seedModels } from '@conveyor/db';
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
  DEFAULT_MODELS,
  createCocoDetectorBackend,
  createDefectClassifierBackend,
  encodePng,
  generateSample,
  createInferClient,
  createModelRegistry,
  startPoolWorker,
} from '@conveyor/inference';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';

// The whole path of a vision step: the engine runs the real detector node, whose
// ctx.infer goes through the pool queue to the real COCO detector (tfjs-wasm) and back.
let t: TestDatabase;
let mediaRoot: string;
let engine: Engine;
let close: () => Promise<void>;
let workspaceId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedModels(t.db, DEFAULT_MODELS);
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'pipeline-media-'));
  await chmod(mediaRoot, 0o755);
  const store = new LocalMediaStore(mediaRoot);
  const media = (ws: string) => createWorkspaceMedia({ db: t.db, store, workspaceId: ws, maxBytes: 20_000_000 });
  const boss = await startBoss({ url: t.url, max: 6 });
  const pool = await startPoolWorker({
    db: t.db,
    boss,
    pool: 'cpu',
    backends: [createCocoDetectorBackend(), createDefectClassifierBackend({ intraOpNumThreads: 1 })],
    readMedia: (ws, ref) => media(ws).get(ref),
    putMedia: (ws, b, type) => media(ws).put(b, { contentType: type }),
  });
  const infer = await createInferClient({ db: t.db, boss, registry: createModelRegistry(t.db), timeoutMs: 60_000 });
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
  workspaceId = (await createWorkspace(t.db)).id;
  close = async () => {
    await engine.stopWorkers();
    await pool.stop();
    await infer.close();
    await boss.stop({ graceful: false });
  };
}, 60_000);
afterAll(async () => {
  await close?.();
  await t?.drop();
  await rm(mediaRoot, { recursive: true, force: true });
});

async function runToEnd(runId: string) {
  const deadline = Date.now() + 90_000;
  let run: { status: string; error: unknown } | undefined;
  while (Date.now() < deadline) {
    run = (await t.db.pool.query('SELECT status, error FROM runs WHERE id = $1', [runId])).rows[0];
    if (run && ['succeeded', 'failed'].includes(run.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return run;
}

describe('vision pipeline', () => {
  it("classifies a cracked surface with the project's own model, through the pool", async () => {
    const graph = {
      nodes: [
        {
          id: 'claim',
          type: 'ingest',
          typeVersion: 1,
          config: { acceptedTypes: ['image/png'], minFiles: 1, maxFiles: 2 },
        },
        { id: 'classify', type: 'classifier', typeVersion: 1, config: { model: 'defect-classifier' } },
      ],
      edges: [{ from: { node: 'claim', port: 'media' }, to: { node: 'classify', port: 'media' } }],
    };
    const wf = await createWorkflow(t.db, { workspaceId, graph });
    const v = await t.db.prisma.workflowVersion.create({
      data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
    });
    const sample = generateSample(424242, 2, { label: 'crack' });
    const png = encodePng(sample);
    const ref = await createWorkspaceMedia({
      db: t.db,
      store: new LocalMediaStore(mediaRoot),
      workspaceId,
      maxBytes: 1e7,
    }).put(png, { contentType: 'image/png' });
    const { runId } = await engine.startRun({
      workspaceId,
      workflowId: wf.id,
      workflowVersionId: v.id,
      input: { record: {}, media: [ref] },
    });
    const run = await runToEnd(runId);
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'classify'`, [
      runId,
    ]);
    const text = JSON.stringify(rows[0].outputs);
    expect(text).toContain('"name":"defect-classifier"');
    const classification = rows[0].outputs.classification as { label: string; scores: Record<string, number> };
    // The derived `defect` score (scratch + crack + dent) is what the warranty rule routes on.
    expect(classification.label).toBe('defect');
    expect(classification.scores.crack).toBeGreaterThan(0.5);
    expect(
      Math.max(classification.scores.scratch!, classification.scores.dent!, classification.scores.clean!),
    ).toBeLessThan(classification.scores.crack!);
  }, 120_000);

  it('ingests a photo and finds the person in it, with model name and version', async () => {
    const graph = {
      nodes: [
        {
          id: 'claim',
          type: 'ingest',
          typeVersion: 1,
          config: { acceptedTypes: ['image/jpeg'], minFiles: 1, maxFiles: 2 },
        },
        { id: 'detect', type: 'detector', typeVersion: 1, config: { model: 'coco-detector', minConfidence: 0.3 } },
      ],
      edges: [{ from: { node: 'claim', port: 'media' }, to: { node: 'detect', port: 'media' } }],
    };
    const wf = await createWorkflow(t.db, { workspaceId, graph });
    const v = await t.db.prisma.workflowVersion.create({
      data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
    });
    const bytes = await readFile(
      path.join(import.meta.dirname, '../../packages/inference/fixtures/images/astronaut.jpg'),
    );
    const ref = await createWorkspaceMedia({
      db: t.db,
      store: new LocalMediaStore(mediaRoot),
      workspaceId,
      maxBytes: 20_000_000,
    }).put(bytes, { contentType: 'image/jpeg' });
    const { runId } = await engine.startRun({
      workspaceId,
      workflowId: wf.id,
      workflowVersionId: v.id,
      input: { record: { claimId: 'C-9' }, media: [ref] },
    });
    const run = await runToEnd(runId);
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'detect'`, [
      runId,
    ]);
    const text = JSON.stringify(rows[0].outputs);
    expect(text).toContain('"label":"person"');
    expect(text).toContain('"name":"coco-detector"');
    expect(text).toContain('"version":"1.0.0"');
    const audit = await t.db.pool.query(
      `SELECT data FROM audit_events WHERE run_id = $1 AND action = 'step.succeeded' AND data->>'nodeId' = 'detect'`,
      [runId],
    );
    expect(audit.rows[0].data.models).toEqual(['coco-detector@1.0.0']);
  }, 120_000);
});
