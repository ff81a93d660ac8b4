import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@conveyor/db';
import { createHarness, edge, node, readAuditChain, type Harness } from './harness.ts';
import { allTestExecutors, flakyCalls } from './test-nodes.ts';
import { delayExecutor } from '@conveyor/nodes/server';
import { RunStateError } from '../control.ts';
import { auditChainValid } from '../audit.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness([...allTestExecutors, delayExecutor]);
});
afterAll(async () => h?.close());

async function run(
  graph: Parameters<Harness['publish']>[0],
  input: unknown = { value: 1 },
  opts?: { concurrencyLimit?: number },
) {
  const wf = await h.publish(graph, opts);
  const { runId } = await h.engine.startRun({
    workspaceId: h.workspaceId,
    workflowId: wf.workflowId,
    workflowVersionId: wf.versionId,
    input,
  });
  return { runId, ...wf };
}

describe('run state machine', () => {
  it('runs a linear workflow, passing outputs along and recording every transition', async () => {
    const { runId } = await run(
      {
        nodes: [node('src', 'test-source'), node('a', 'test-add', { n: 2 }), node('b', 'test-add', { n: 3 })],
        edges: [edge('src', 'out', 'a', 'in'), edge('a', 'out', 'b', 'in')],
      },
      { value: 10 },
    );
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('succeeded');
    expect(done.output).toEqual({ b: { out: { value: 15 } } });
    const steps = await h.steps(runId);
    expect(Object.values(steps).map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(steps.b!.inputs).toEqual({ in: { value: 12 } });
    const audit = await h.t.db.pool.query<{ action: string; prev_hash: string | null; hash: string }>(
      'SELECT action, prev_hash, hash FROM audit_events WHERE run_id = $1 ORDER BY id',
      [runId],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'run.created',
      'run.started',
      'step.succeeded',
      'step.succeeded',
      'step.succeeded',
      'run.succeeded',
    ]);
    // Hash chain: each event links to the previous one of the same run, and every hash can
    // be recomputed from the stored event; a changed event breaks the chain.
    audit.rows.forEach((a, i) => expect(a.prev_hash).toBe(i === 0 ? null : audit.rows[i - 1]!.hash));
    const { chain } = await readAuditChain(h.t.db, runId);
    expect(auditChainValid(chain)).toBe(true);
    chain[2]!.canonical = chain[2]!.canonical.replace('step.succeeded', 'step.failed');
    expect(auditChainValid(chain)).toBe(false);
  });

  it('fans out and fans in: the join waits for every input', async () => {
    const { runId } = await run(
      {
        nodes: [
          node('src', 'test-source'),
          node('a', 'test-add', { n: 1 }),
          node('b', 'test-add', { n: 10 }),
          node('slow', 'test-sleep', { ms: 150 }),
          node('join', 'test-sum'),
        ],
        edges: [
          edge('src', 'out', 'a', 'in'),
          edge('src', 'out', 'b', 'in'),
          edge('b', 'out', 'slow', 'in'),
          edge('a', 'out', 'join', 'in'),
          edge('slow', 'out', 'join', 'in'),
        ],
      },
      { value: 5 },
    );
    const done = await h.waitForRun(runId);
    expect(done.output).toEqual({ join: { out: { value: 6 + 15, count: 2 } } });
  });

  it('skips the branch not taken, and the skip propagates downstream', async () => {
    const { runId } = await run(
      {
        nodes: [
          node('src', 'test-source'),
          node('br', 'test-branch', { threshold: 5 }),
          node('big', 'test-add', { n: 100 }),
          node('small', 'test-add', { n: 1 }),
          node('after-small', 'test-add', { n: 1 }),
          node('join', 'test-sum'),
        ],
        edges: [
          edge('src', 'out', 'br', 'in'),
          edge('br', 'yes', 'big', 'in'),
          edge('br', 'no', 'small', 'in'),
          edge('small', 'out', 'after-small', 'in'),
          edge('big', 'out', 'join', 'in'),
          edge('after-small', 'out', 'join', 'in'),
        ],
      },
      { value: 7 },
    );
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('succeeded');
    const steps = await h.steps(runId);
    expect(steps.small!.status).toBe('skipped');
    expect(steps['after-small']!.status).toBe('skipped');
    expect(steps.join!.outputs).toEqual({ out: { value: 107, count: 1 } });
  });

  it('retries a transient failure with backoff and records each attempt', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('f', 'test-flaky', { failTimes: 2 }, { maxAttempts: 3, backoffMs: 40 })],
      edges: [edge('src', 'out', 'f', 'in')],
    });
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('succeeded');
    const attempts = await h.t.db.pool.query<{ attempt: number; status: string; error: { message: string } | null }>(
      `SELECT a.attempt, a.status, a.error FROM step_attempts a JOIN steps s ON s.id = a.step_id WHERE s.run_id = $1 AND s.node_id = 'f' ORDER BY a.attempt`,
      [runId],
    );
    expect(attempts.rows.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(attempts.rows[0]!.error!.message).toBe('transient failure #1');
  });

  it('dead-letters a step that keeps failing, with its reason, and fails the run', async () => {
    const { runId } = await run({
      nodes: [
        node('src', 'test-source'),
        node('f', 'test-flaky', { failTimes: 5 }, { maxAttempts: 2, backoffMs: 20 }),
        node('after', 'test-add'),
      ],
      edges: [edge('src', 'out', 'f', 'in'), edge('f', 'out', 'after', 'in')],
    });
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ nodeId: 'f', error: { message: 'transient failure #2', retryable: true } });
    const steps = await h.steps(runId);
    expect(steps.f!.dead_lettered_at).not.toBeNull();
    expect(steps.after!.status).toBe('canceled');
  });

  it('never retries a NonRetriableError, and routes it through a connected error port', async () => {
    const { runId } = await run({
      nodes: [
        node('src', 'test-source'),
        node('f', 'test-flaky', { failTimes: 1, permanent: true }, { maxAttempts: 5 }),
        node('ok', 'test-add'),
        node('handler', 'test-source'),
      ],
      edges: [edge('src', 'out', 'f', 'in'), edge('f', 'out', 'ok', 'in'), edge('f', 'error', 'handler', 'input')],
    });
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('succeeded');
    const steps = await h.steps(runId);
    expect(steps.f).toMatchObject({ status: 'failed', attempt: 1, fired_ports: ['error'], dead_lettered_at: null });
    expect(steps.ok!.status).toBe('skipped');
    expect(steps.handler!.outputs).toMatchObject({ out: { code: 'test_permanent', message: 'permanent failure #1' } });
  });

  it('times a node out, even one that ignores its abort signal', async () => {
    for (const stubborn of [false, true]) {
      const { runId } = await run({
        nodes: [
          node('src', 'test-source'),
          node('s', 'test-sleep', { ms: 5000, stubborn }, { timeoutMs: 150, maxAttempts: 1 }),
        ],
        edges: [edge('src', 'out', 's', 'in')],
      });
      const done = await h.waitForRun(runId, undefined, 4000);
      expect(done.status).toBe('failed');
      expect(done.error).toMatchObject({
        nodeId: 's',
        error: { code: 'timeout', message: 'Node s timed out after 150 ms' },
      });
    }
  });

  it('fails loudly on an oversize output instead of truncating it', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('b', 'test-big', { bytes: 100_000 })],
      edges: [edge('src', 'out', 'b', 'in')],
    });
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('failed');
    expect(JSON.stringify(done.error)).toMatch(/over the 65536-byte limit for step outputs/);
  });

  it('fails a node whose type this runner does not know, with a readable reason', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('x', 'no-such-node')],
      edges: [edge('src', 'out', 'x', 'in')],
    });
    const done = await h.waitForRun(runId);
    expect(done.error).toMatchObject({ nodeId: 'x', error: { code: 'unknown_node_type' } });
  });

  it('rejects an invalid node config without retrying', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('a', 'test-add', { n: 'three' })],
      edges: [edge('src', 'out', 'a', 'in')],
    });
    const done = await h.waitForRun(runId);
    expect(done.error).toMatchObject({ nodeId: 'a', error: { code: 'node_config', field: 'n', audience: 'user' } });
    const steps = await h.steps(runId);
    expect(steps.a!.attempt).toBe(1);
  });
});

describe('cancel, re-run, concurrency', () => {
  it('cancels a run: the running step is aborted and nothing after it runs', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('s', 'test-sleep', { ms: 10_000 }), node('after', 'test-add')],
      edges: [edge('src', 'out', 's', 'in'), edge('s', 'out', 'after', 'in')],
    });
    await waitForStep(runId, 's', 'running');
    const t0 = Date.now();
    await h.engine.cancelRun(runId, { type: 'user', id: null });
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('canceled');
    await new Promise((r) => setTimeout(r, 300));
    const steps = await h.steps(runId);
    expect(steps.s!.status).toBe('canceled');
    expect(steps.after!.status).toBe('canceled');
    expect(h.engine.inFlight()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect(h.engine.cancelRun(runId)).rejects.toThrow(RunStateError);
  });

  it('re-runs from a chosen step, keeping the outputs before it', async () => {
    const { runId } = await run(
      {
        nodes: [node('src', 'test-source'), node('f', 'test-flaky', { failTimes: 0 }), node('a', 'test-add', { n: 1 })],
        edges: [edge('src', 'out', 'f', 'in'), edge('f', 'out', 'a', 'in')],
      },
      { value: 3 },
    );
    await h.waitForRun(runId);
    const { runId: rerunId } = await h.engine.rerunFromStep(runId, 'a');
    const done = await h.waitForRun(rerunId);
    expect(done.output).toEqual({ a: { out: { value: 4 } } });
    // The flaky node kept its output: it was executed once, in the first run only.
    expect(flakyCalls.get(`${rerunId}:f`)).toBeUndefined();
    const row = await h.t.db.prisma.run.findUniqueOrThrow({ where: { id: rerunId } });
    expect(row).toMatchObject({ rerunOfId: runId, rerunFromNodeId: 'a' });
  });

  it('holds runs beyond the workflow concurrency limit in the queue', async () => {
    const wf = await h.publish(
      {
        nodes: [node('src', 'test-source'), node('s', 'test-sleep', { ms: 250 })],
        edges: [edge('src', 'out', 's', 'in')],
      },
      { concurrencyLimit: 2 },
    );
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++)
      runIds.push(
        (
          await h.engine.startRun({
            workspaceId: h.workspaceId,
            workflowId: wf.workflowId,
            workflowVersionId: wf.versionId,
            input: {},
          })
        ).runId,
      );
    let maxRunning = 0;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { rows } = await h.t.db.pool.query<{ running: number; done: number }>(
        `SELECT count(*) FILTER (WHERE status = 'running')::int AS running, count(*) FILTER (WHERE status = 'succeeded')::int AS done FROM runs WHERE workflow_id = $1`,
        [wf.workflowId],
      );
      maxRunning = Math.max(maxRunning, rows[0]!.running);
      if (rows[0]!.done === 5 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(maxRunning).toBe(2);
    for (const id of runIds) expect((await h.waitForRun(id)).status).toBe('succeeded');
  });
});

describe('suspend and resume', () => {
  it('waits for a decision and resumes exactly once', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('w', 'test-wait'), node('yes', 'test-add'), node('no', 'test-add')],
      edges: [edge('src', 'out', 'w', 'in'), edge('w', 'approve', 'yes', 'in'), edge('w', 'reject', 'no', 'in')],
    });
    await h.waitForRun(runId, ['waiting']);
    const task = await h.t.db.prisma.humanTask.findFirstOrThrow({ where: { runId } });
    expect(task).toMatchObject({ status: 'open', title: 'Check this', nodeId: 'w' });
    const decide = (action: string) =>
      withTransaction(h.t.db, (c) => h.engine.resumeStep(c, task.stepId, 'task', { action, value: 0 }));
    const results = await Promise.allSettled([decide('approve'), decide('reject')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const done = await h.waitForRun(runId);
    expect(done.status).toBe('succeeded');
    const steps = await h.steps(runId);
    expect([steps.yes!.status, steps.no!.status].sort()).toEqual(['skipped', 'succeeded']);
  });

  it('takes the timeout port when the SLA passes first (durable timer)', async () => {
    const { runId } = await run({
      nodes: [
        node('src', 'test-source'),
        node('w', 'test-wait', { slaMs: 300 }),
        node('late', 'test-add'),
        node('ok', 'test-add'),
      ],
      edges: [edge('src', 'out', 'w', 'in'), edge('w', 'timeout', 'late', 'in'), edge('w', 'approve', 'ok', 'in')],
    });
    const done = await h.waitForRun(runId, undefined, 10_000);
    expect(done.status).toBe('succeeded');
    const steps = await h.steps(runId);
    expect(steps.w!.fired_ports).toEqual(['timeout']);
    expect(steps.ok!.status).toBe('skipped');
    // A decision after the timeout is refused.
    const task = await h.t.db.prisma.humanTask.findFirstOrThrow({ where: { runId } });
    await expect(
      withTransaction(h.t.db, (c) => h.engine.resumeStep(c, task.stepId, 'task', { action: 'approve' })),
    ).rejects.toThrow(/no longer waiting/);
  });

  it('runs the real delay node on a durable timer', async () => {
    const { runId } = await run({
      nodes: [node('src', 'test-source'), node('d', 'delay', { amount: 1, unit: 'seconds' })],
      edges: [edge('src', 'out', 'd', 'in')],
    });
    await h.waitForRun(runId, ['waiting']);
    const done = await h.waitForRun(runId, undefined, 10_000);
    expect(done.status).toBe('succeeded');
  });
});

async function waitForStep(runId: string, nodeId: string, status: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const steps = await h.steps(runId);
    if (steps[nodeId]?.status === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`step ${nodeId} never reached ${status}`);
}
