import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoolBackends, encodePng, generateSample, loadPoolConfig } from '@conveyor/inference';
import { startOipTestServer, type OipTestServer } from '../../packages/inference/src/oip/oip-server.test-support.ts';
import { startPipeline, type PipelineHarness } from './pipeline-harness.ts';

// A workflow whose classifier runs on a remote GPU pool: the registry routes the defect
// classifier to a `remote` pool whose settings name an Open Inference Protocol endpoint
// (Triton / KServe); here a local server that speaks the protocol and runs the model.
let server: OipTestServer;
let h: PipelineHarness;

beforeAll(async () => {
  server = await startOipTestServer();
  h = await startPipeline({
    // The registry routes the defect classifier to a remote pool naming the endpoint.
    async prepare(t) {
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
    },
    pool: 'gpu-triton',
    backends: async (t) => createPoolBackends(await loadPoolConfig(t.db, 'gpu-triton')),
    maxMediaBytes: 1e7,
    inferTimeoutMs: 30_000,
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await server?.close();
});

describe('remote GPU pool in a workflow', () => {
  it('classifies the photos of a claim on the remote server, in batched infer calls', async () => {
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
    const wf = await h.publish(graph);
    const labels = ['clean', 'clean', 'crack', 'clean', 'scratch', 'clean'] as const;
    const refs = [];
    for (const [i, label] of labels.entries()) {
      refs.push(await h.media.put(encodePng(generateSample(424242, i, { label })), { contentType: 'image/png' }));
    }
    const before = server.calls.length;
    const { runId, run } = await h.run(wf, { record: {}, media: refs }, 60_000);
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await h.t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'classify'`, [
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
