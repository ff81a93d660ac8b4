import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureQueues, startBoss, STEP_QUEUE } from '@conveyor/engine/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { classification, detections, seedRun, seedTask, seedWorkspace } from '../runs/__tests__/seed-runs.ts';
import { populationStabilityIndex } from './confidence-drift.ts';
import { getDashboard } from './get-dashboard.ts';
import { getQueueDepths } from './queue-depth.ts';

let t: TestDatabase;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
const now = new Date('2026-11-20T12:00:00.000Z');
const at = (iso: string) => new Date(`2026-11-${iso}Z`);

beforeAll(async () => {
  t = await createTestDatabase();
  ws = await seedWorkspace(t.db);
  const other = await seedWorkspace(t.db);
  const base = { workspaceId: ws.workspace.id, workflowId: ws.workflow.id, versionId: ws.version.id };
  const classify = (startS: number, endS: number, score: number, version = '1.1.0', status = 'succeeded') => ({
    nodeId: 'classify',
    nodeType: 'classifier',
    status,
    startS,
    endS,
    ...(status === 'succeeded' ? { outputs: classification(version, score, 'defect') } : {}),
  });
  // Current window (2026-11-19 12:00 → 2026-11-20 12:00).
  await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: at('20T10:15:00'),
    steps: [
      {
        nodeId: 'detect',
        nodeType: 'detector',
        status: 'succeeded',
        startS: 0,
        endS: 0.1,
        outputs: detections('3.3.6', [0.8, 0.6]),
      },
      classify(0, 0.2, 0.95),
    ],
  });
  const reviewed = await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: at('20T10:40:00'),
    steps: [classify(0, 0.4, 0.92), { nodeId: 'review', nodeType: 'human-task', status: 'succeeded' }],
  });
  await seedTask(t.db, {
    ...base,
    runId: reviewed.runId,
    stepId: reviewed.stepIds.review!,
    decision: { action: 'approve', override: false, decidedById: ws.user.id, decidedAt: at('20T10:50:00') },
  });
  await seedRun(t.db, {
    ...base,
    status: 'failed',
    createdAt: at('20T11:05:00'),
    steps: [classify(0, 0.3, 0, '1.1.0', 'failed')],
  });
  const waiting = await seedRun(t.db, {
    ...base,
    status: 'waiting',
    createdAt: at('20T11:30:00'),
    endS: null,
    steps: [{ nodeId: 'review', nodeType: 'human-task', status: 'waiting' }],
  });
  await seedTask(t.db, { ...base, runId: waiting.runId, stepId: waiting.stepIds.review! });
  const overridden = await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: at('20T09:00:00'),
    steps: [{ nodeId: 'review', nodeType: 'human-task', status: 'succeeded' }],
  });
  await seedTask(t.db, {
    ...base,
    runId: overridden.runId,
    stepId: overridden.stepIds.review!,
    decision: { action: 'reject', override: true, decidedById: ws.user.id, decidedAt: at('20T09:30:00') },
  });
  // Not counted: a test run, another workspace's run, a queued run beyond the window's end.
  await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    isTest: true,
    createdAt: at('20T11:00:00'),
    steps: [classify(0, 9, 0.1)],
  });
  await seedRun(t.db, {
    workspaceId: other.workspace.id,
    workflowId: other.workflow.id,
    versionId: other.version.id,
    status: 'succeeded',
    createdAt: at('20T10:00:00'),
    steps: [classify(0, 9, 0.1)],
  });
  // Previous window: the older model version, scoring lower.
  await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: at('19T08:00:00'),
    steps: [classify(0, 0.1, 0.55, '1.0.0')],
  });
  await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: at('19T09:00:00'),
    steps: [classify(0, 0.1, 0.45, '1.0.0')],
  });
  await seedRun(t.db, {
    ...base,
    status: 'queued',
    startS: null,
    endS: null,
    createdAt: new Date(Date.now() - 60_000),
  });
});
afterAll(async () => t?.drop());

describe('getDashboard', () => {
  it('counts runs per hour by status, real runs only, empty hours included', async () => {
    const d = await getDashboard({ db: t.db, workspaceId: ws.workspace.id, hours: 24, now });
    expect(d.window).toEqual({ from: '2026-11-19T12:00:00.000Z', to: '2026-11-20T12:00:00.000Z', hours: 24 });
    expect(d.runsPerHour).toHaveLength(24);
    const hour = (h: string) => d.runsPerHour.find((r) => r.hour === `2026-11-20T${h}:00:00.000Z`);
    expect(hour('09')).toMatchObject({ succeeded: 1, failed: 0 });
    expect(hour('10')).toMatchObject({ succeeded: 2, failed: 0, waiting: 0 });
    expect(hour('11')).toMatchObject({ succeeded: 0, failed: 1, waiting: 1 });
    expect(d.runsPerHour.reduce((n, h) => n + h.succeeded + h.failed + h.waiting + h.queued, 0)).toBe(5);
  });

  it('computes step latency percentiles per node type from attempt timings', async () => {
    const d = await getDashboard({ db: t.db, workspaceId: ws.workspace.id, hours: 24, now });
    const classifier = d.latency.find((l) => l.nodeType === 'classifier');
    // Attempts of 200, 400 and 300 ms: p50 300; p95 and p99 interpolate towards 400.
    expect(classifier).toEqual({ nodeType: 'classifier', attempts: 3, failed: 1, p50Ms: 300, p95Ms: 390, p99Ms: 398 });
    expect(d.latency.find((l) => l.nodeType === 'detector')).toMatchObject({ attempts: 1, p50Ms: 100 });
  });

  it('reports automation and override rates', async () => {
    const d = await getDashboard({ db: t.db, workspaceId: ws.workspace.id, hours: 24, now });
    // Finished: 3 succeeded + 1 failed; two of them went through review.
    expect(d.automation).toEqual({
      finishedRuns: 4,
      automatedRuns: 2,
      automationRate: 0.5,
      decisions: 2,
      overrides: 1,
      overrideRate: 0.5,
    });
  });

  it('reports the backlog: queued and waiting runs, open review tasks', async () => {
    const d = await getDashboard({ db: t.db, workspaceId: ws.workspace.id, hours: 24, now });
    expect(d.backlog).toMatchObject({ queuedRuns: 1, waitingRuns: 1, openTasks: 1, overdueTasks: 0 });
    expect(d.backlog.oldestQueuedSeconds).toBeGreaterThanOrEqual(59);
  });

  it('gives the confidence distribution per model version and its drift against the previous window', async () => {
    const d = await getDashboard({ db: t.db, workspaceId: ws.workspace.id, hours: 24, now });
    const current = d.confidence.find((c) => c.model === 'defect-classifier' && c.version === '1.1.0')!;
    expect(current).toMatchObject({ count: 2, previousCount: 2 });
    expect(current.bins).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(current.mean).toBeCloseTo(0.935, 6);
    const expectedPsi = populationStabilityIndex([0, 0, 0, 0, 0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 1, 1, 0, 0, 0, 0])!;
    expect(current.psi).toBeCloseTo(expectedPsi, 9);
    expect(current.psi!).toBeGreaterThan(0.25);
    const detector = d.confidence.find((c) => c.model === 'coco-detector')!;
    expect(detector).toMatchObject({ version: '3.3.6', count: 2, previousCount: 0, psi: null });
    expect(detector.bins[6]).toBe(1);
    expect(detector.bins[8]).toBe(1);
    // Only the current window's versions are listed; the old version is the baseline.
    expect(d.confidence.map((c) => `${c.model}@${c.version}`)).toEqual([
      'coco-detector@3.3.6',
      'defect-classifier@1.1.0',
    ]);
  });
});

describe('populationStabilityIndex', () => {
  it('is 0 for the same distribution, grows with the shift, null without data', () => {
    expect(populationStabilityIndex([5, 5, 0], [10, 10, 0])).toBeCloseTo(0, 12);
    const small = populationStabilityIndex([6, 4], [5, 5])!;
    const large = populationStabilityIndex([9, 1], [5, 5])!;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    // (0.6 − 0.5)·ln(0.6/0.5) + (0.4 − 0.5)·ln(0.4/0.5)
    expect(small).toBeCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), 12);
    expect(populationStabilityIndex([0, 0], [1, 1])).toBeNull();
  });
});

describe('getQueueDepths', () => {
  it('counts ready, deferred and active jobs per pg-boss queue with the age of the oldest', async () => {
    const boss = await startBoss({ url: t.url, max: 2, listenNotify: false });
    try {
      await ensureQueues(boss);
      await boss.send(STEP_QUEUE, { n: 1 });
      await boss.send(STEP_QUEUE, { n: 2 });
      await boss.send(STEP_QUEUE, { n: 3 }, { startAfter: new Date(Date.now() + 3_600_000) });
      await t.db.pool.query(`UPDATE pgboss.job SET start_after = now() - interval '30 seconds' WHERE data->>'n' = '1'`);
      const depths = await getQueueDepths({ db: t.db });
      const steps = depths.find((q) => q.queue === STEP_QUEUE)!;
      expect(steps).toMatchObject({ ready: 2, deferred: 1, active: 0 });
      expect(steps.oldestReadySeconds).toBeGreaterThanOrEqual(29);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
