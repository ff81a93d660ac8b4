import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedModels } from '@conveyor/db';
import {
  DEFAULT_MODELS,
  createCocoDetectorBackend,
  createDefectClassifierBackend,
  encodePng,
  generateSample,
} from '@conveyor/inference';
import { startPipeline, type PipelineHarness } from './pipeline-harness.ts';

// The whole path of a vision step: the engine runs the real detector node, whose
// ctx.infer goes through the pool queue to the real COCO detector (tfjs-wasm) and back.
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipeline({
    prepare: (t) => seedModels(t.db, DEFAULT_MODELS),
    pool: 'cpu',
    backends: () => [createCocoDetectorBackend(), createDefectClassifierBackend({ intraOpNumThreads: 1 })],
  });
}, 60_000);
afterAll(async () => h?.close());

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
    const wf = await h.publish(graph);
    const sample = generateSample(424242, 2, { label: 'crack' });
    const png = encodePng(sample);
    const ref = await h.media.put(png, { contentType: 'image/png' });
    const { runId, run } = await h.run(wf, { record: {}, media: [ref] });
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await h.t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'classify'`, [
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
    const wf = await h.publish(graph);
    const bytes = await readFile(
      path.join(import.meta.dirname, '../../packages/inference/fixtures/images/astronaut.jpg'),
    );
    const ref = await h.media.put(bytes, { contentType: 'image/jpeg' });
    const { runId, run } = await h.run(wf, { record: { claimId: 'C-9' }, media: [ref] });
    expect(run, JSON.stringify(run?.error)).toMatchObject({ status: 'succeeded' });
    const { rows } = await h.t.db.pool.query(`SELECT outputs FROM steps WHERE run_id = $1 AND node_id = 'detect'`, [
      runId,
    ]);
    const text = JSON.stringify(rows[0].outputs);
    expect(text).toContain('"label":"person"');
    expect(text).toContain('"name":"coco-detector"');
    expect(text).toContain('"version":"1.0.0"');
    const audit = await h.t.db.pool.query(
      `SELECT data FROM audit_events WHERE run_id = $1 AND action = 'step.succeeded' AND data->>'nodeId' = 'detect'`,
      [runId],
    );
    expect(audit.rows[0].data.models).toEqual(['coco-detector@1.0.0']);
  }, 120_000);
});
