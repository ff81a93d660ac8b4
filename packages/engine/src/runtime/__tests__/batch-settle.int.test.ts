import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptsPerSucceededStep, createHarness, edge, node, readAuditChain, type Harness } from './harness.ts';
import { ensureQueues } from '../engine.ts';
import { allTestExecutors } from './test-nodes.ts';

// A backlog drained by one worker with large batches: many steps of many runs (and several
// steps of one run, from fan-out) settle in the same transaction. Every guarantee of a
// lone settle must hold: outputs, fan-in, skip propagation, one attempt row per step, and
// each run's audit chain intact and in order.
const RUNS = 24;
let h: Harness;
beforeAll(async () => {
  h = await createHarness(allTestExecutors, { start: false });
  await ensureQueues(h.boss);
});
afterAll(async () => h?.close());

describe('batch settle', () => {
  it('settles steps of many runs together and keeps every per-run guarantee', async () => {
    const wf = await h.publish({
      nodes: [
        node('src', 'test-source'),
        node('a', 'test-add', { n: 1 }),
        node('b', 'test-add', { n: 2 }),
        node('br', 'test-branch', { threshold: 12 }),
        node('y', 'test-add', { n: 100 }),
        node('no', 'test-add', { n: 1000 }),
        node('no2', 'test-add', { n: 1 }),
        node('s', 'test-sum'),
      ],
      edges: [
        edge('src', 'out', 'a', 'in'),
        edge('src', 'out', 'b', 'in'),
        edge('src', 'out', 'br', 'in'),
        edge('br', 'yes', 'y', 'in'),
        edge('br', 'no', 'no', 'in'),
        edge('no', 'out', 'no2', 'in'),
        edge('a', 'out', 's', 'in'),
        edge('b', 'out', 's', 'in'),
        edge('y', 'out', 's', 'in'),
      ],
    });
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { runId } = await h.engine.startRun({
        workspaceId: h.workspaceId,
        workflowId: wf.workflowId,
        workflowVersionId: wf.versionId,
        input: { value: i },
      });
      runIds.push(runId);
    }
    await h.engine.startWorkers({ batchSize: 64, pollingIntervalSeconds: 0.5 });

    for (const [i, runId] of runIds.entries()) {
      const done = await h.waitForRun(runId, undefined, 30_000);
      expect(done.status).toBe('succeeded');
      const yes = i >= 12;
      expect(done.output).toEqual(
        yes
          ? { s: { out: { value: 3 * i + 103, count: 3 } } }
          : { s: { out: { value: 2 * i + 3, count: 2 } }, no2: { out: { value: i + 1001 } } },
      );
      const steps = await h.steps(runId);
      const skipped = Object.entries(steps)
        .filter(([, s]) => s.status === 'skipped')
        .map(([id]) => id)
        .sort();
      expect(skipped).toEqual(yes ? ['no', 'no2'] : ['y']);

      const { actions, valid } = await readAuditChain(h.t.db, runId);
      expect(actions[0]).toBe('run.created');
      expect(actions.at(-1)).toBe('run.succeeded');
      expect(actions.filter((a) => a === 'step.succeeded')).toHaveLength(yes ? 6 : 7);
      expect(actions.filter((a) => a === 'step.skipped')).toHaveLength(yes ? 2 : 1);
      expect(valid).toBe(true);
    }

    // One attempt row per succeeded step, never two.
    const a = await attemptsPerSucceededStep(h.t.db, runIds);
    expect(a).toEqual({ attempts: a.succeeded, steps: a.succeeded, succeeded: a.succeeded });

    // The batches did settle together: one transaction (one created_at) holds step
    // settlements of several runs.
    const together = await h.t.db.pool.query<{ runs: number }>(
      `SELECT max(runs)::int AS runs FROM (
         SELECT count(DISTINCT run_id) AS runs FROM audit_events
          WHERE run_id = ANY($1::uuid[]) AND action = 'step.succeeded' GROUP BY created_at) x`,
      [runIds],
    );
    expect(together.rows[0]!.runs).toBeGreaterThan(1);
  }, 60_000);
});
