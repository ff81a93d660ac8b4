import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createHarness, type Harness } from './harness.ts';
import { allTestExecutors } from './test-nodes.ts';
import { makePng } from '../../media/media-fixtures.test-support.ts';
import type { GraphEdge, GraphNode } from '../run-graph.ts';

// Golden workflow files: a graph, inputs, and the step outcomes each input must produce,
// run on the real engine with the real node executors (plus the small test nodes).
interface Golden {
  description: string;
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  cases: {
    name: string;
    input: Record<string, unknown>;
    expect: {
      run: string;
      steps: Record<string, string>;
      firedPorts?: Record<string, string[]>;
      errorCode?: string;
      attempts?: Record<string, number>;
    };
  }[];
}

const dir = path.join(import.meta.dirname, '..', '__golden__');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

let h: Harness;
beforeAll(async () => {
  h = await createHarness([...nodeExecutors, ...allTestExecutors], { media: true });
});
afterAll(async () => h?.close());

for (const file of files) {
  const golden = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Golden;
  describe(`${file}: ${golden.description}`, () => {
    for (const c of golden.cases) {
      it(c.name, async () => {
        const wf = await h.publish(golden.graph);
        const png = await h.media().put(makePng(16, 16), { contentType: 'image/png' });
        const input = JSON.parse(JSON.stringify(c.input).replaceAll('"$png"', JSON.stringify(png)));
        const { runId } = await h.engine.startRun({
          workspaceId: h.workspaceId,
          workflowId: wf.workflowId,
          workflowVersionId: wf.versionId,
          input,
        });
        const run = await h.waitForRun(runId);
        expect(run.status).toBe(c.expect.run);
        const steps = await h.steps(runId);
        for (const [nodeId, status] of Object.entries(c.expect.steps))
          expect([nodeId, steps[nodeId]?.status]).toEqual([nodeId, status]);
        for (const [nodeId, ports] of Object.entries(c.expect.firedPorts ?? {}))
          expect(steps[nodeId]?.fired_ports).toEqual(ports);
        for (const [nodeId, n] of Object.entries(c.expect.attempts ?? {})) expect(steps[nodeId]?.attempt).toBe(n);
        if (c.expect.errorCode) expect(JSON.stringify(run.error)).toContain(`"code":"${c.expect.errorCode}"`);
      });
    }
  });
}
