import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@conveyor/db';
import { createEngine, createGuardedFetch, ensureQueues, startBoss, type Engine } from '@conveyor/engine/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { cancelRun, rerunRunFromStep } from './control-run.ts';
import { getRun } from './get-run.ts';
import { listRuns } from './list-runs.ts';
import { pollRun, pollRuns } from './poll-runs.ts';
import { ZGetRunOutput } from '@/server/api/routers/runs/get-run.types';
import { classification, createVersion, detections, seedRun, seedTask, seedWorkspace } from './__tests__/seed-runs.ts';

let t: TestDatabase;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let other: Awaited<ReturnType<typeof seedWorkspace>>;
const base = new Date('2026-11-20T10:00:00.000Z');
const hour = (h: number) => new Date(base.getTime() + h * 3_600_000);

beforeAll(async () => {
  t = await createTestDatabase();
  ws = await seedWorkspace(t.db);
  other = await seedWorkspace(t.db, 'Other workspace flow');
});
afterAll(async () => t?.drop());

const run = (over: Partial<Parameters<typeof seedRun>[1]> & { createdAt: Date; status: string }) =>
  seedRun(t.db, {
    workspaceId: ws.workspace.id,
    workflowId: ws.workflow.id,
    versionId: ws.version.id,
    endS: 5,
    ...over,
  });

describe('listRuns', () => {
  it('filters by workflow, version, status, trigger, test flag, time and correlation key, newest first', async () => {
    const v2 = await createVersion(t.db, ws.workflow.id, 2);
    const a = await run({ createdAt: hour(0), status: 'succeeded', correlationKey: 'CLM-1001' });
    const b = await run({
      createdAt: hour(1),
      status: 'failed',
      triggerKind: 'api',
      error: { message: 'model pool down' },
    });
    const c = await run({ createdAt: hour(2), status: 'running', endS: null, versionId: v2.id });
    const d = await run({ createdAt: hour(3), status: 'succeeded', isTest: true, triggerKind: 'manual' });
    await seedRun(t.db, {
      workspaceId: other.workspace.id,
      workflowId: other.workflow.id,
      versionId: other.version.id,
      status: 'succeeded',
      createdAt: hour(1),
    });

    const ids = async (filters: Parameters<typeof listRuns>[0]['filters']) =>
      (await listRuns({ db: t.db, workspaceId: ws.workspace.id, filters })).items.map((r) => r.id);

    expect(await ids({})).toEqual([d.runId, c.runId, b.runId, a.runId]);
    expect(await ids({ statuses: ['failed', 'running'] })).toEqual([c.runId, b.runId]);
    expect(await ids({ versionId: v2.id })).toEqual([c.runId]);
    expect(await ids({ triggerKinds: ['api'] })).toEqual([b.runId]);
    expect(await ids({ kind: 'test' })).toEqual([d.runId]);
    expect(await ids({ kind: 'real' })).toEqual([c.runId, b.runId, a.runId]);
    expect(await ids({ from: hour(1).toISOString(), to: hour(3).toISOString() })).toEqual([c.runId, b.runId]);
    expect(await ids({ search: 'clm-10' })).toEqual([a.runId]);
    expect(await ids({ search: b.runId })).toEqual([b.runId]);
    expect(await ids({ workflowId: other.workflow.id })).toEqual([]);

    const [failed] = (await listRuns({ db: t.db, workspaceId: ws.workspace.id, filters: { statuses: ['failed'] } }))
      .items;
    expect(failed).toMatchObject({
      status: 'failed',
      errorMessage: 'model pool down',
      triggerKind: 'api',
      workflow: { id: ws.workflow.id, name: 'Warranty triage' },
      version: { number: 1 },
      durationMs: 5000,
    });
  });

  it('pages with a keyset cursor that survives new runs arriving', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await listRuns({ db: t.db, workspaceId: ws.workspace.id, cursor, limit: 3 });
      pages.push(page.items.map((r) => r.id));
      cursor = page.nextCursor;
      // A run arriving between pages lands on top, never shifts the next page.
      if (pages.length === 1) await run({ createdAt: new Date(), status: 'queued', startS: null, endS: null });
    } while (cursor);
    const all = (await listRuns({ db: t.db, workspaceId: ws.workspace.id, limit: 100 })).items.map((r) => r.id);
    expect(pages.flat()).toEqual(all.slice(1));
    expect(pages[0]).toHaveLength(3);
    await expect(listRuns({ db: t.db, workspaceId: ws.workspace.id, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('getRun', () => {
  it('returns steps with attempts, timings, errors, models and confidences, the audit chain, deliveries and tasks', async () => {
    const { runId, stepIds } = await run({
      createdAt: hour(10),
      status: 'waiting',
      endS: null,
      steps: [
        { nodeId: 'claim', nodeType: 'ingest', status: 'succeeded', startS: 0, endS: 0.2 },
        {
          nodeId: 'detect',
          nodeType: 'detector',
          status: 'succeeded',
          startS: 0.3,
          endS: 2.5,
          outputs: detections('3.3.6', [0.91, 0.55]),
          attempts: [
            {
              status: 'failed',
              startS: 0.3,
              endS: 1,
              error: { message: 'pool timed out', code: 'timeout', retryable: true },
            },
            { status: 'succeeded', startS: 1.5, endS: 2.5, meta: { models: ['coco-detector@3.3.6'], maxScore: 0.91 } },
          ],
        },
        {
          nodeId: 'classify',
          nodeType: 'classifier',
          status: 'succeeded',
          startS: 0.3,
          endS: 0.8,
          outputs: classification('1.0.0', 0.62),
        },
        { nodeId: 'route', nodeType: 'rule', status: 'succeeded', startS: 2.6, endS: 2.61 },
        { nodeId: 'review', nodeType: 'human-task', status: 'waiting', startS: 2.7 },
      ],
    });
    await seedTask(t.db, { workspaceId: ws.workspace.id, workflowId: ws.workflow.id, runId, stepId: stepIds.review! });
    await t.db.pool.query(
      `INSERT INTO webhook_deliveries (run_id, purpose, url, idempotency_key, attempt, status, response_status, duration_ms)
       VALUES ($1, 'node', 'https://erp.example/claims', 'k1', 1, 'delivered', 200, 84)`,
      [runId],
    );

    const detail = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    expect(detail.run).toMatchObject({
      id: runId,
      status: 'waiting',
      openTasks: 1,
      steps: { total: 5, done: 4, waiting: 1 },
    });
    expect(detail.steps.map((s) => s.nodeId)).toEqual(['claim', 'detect', 'classify', 'route', 'review']);
    const detect = detail.steps.find((s) => s.nodeId === 'detect')!;
    expect(detect).toMatchObject({
      title: 'Detect product',
      durationMs: 2200,
      models: [{ name: 'coco-detector', version: '3.3.6' }],
      confidence: 0.91,
      config: { minConfidence: 0.4 },
    });
    expect(detect.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 'failed',
        durationMs: 700,
        error: expect.objectContaining({ message: 'pool timed out' }),
      }),
      expect.objectContaining({
        attempt: 2,
        status: 'succeeded',
        durationMs: 1000,
        models: ['coco-detector@3.3.6'],
        maxScore: 0.91,
      }),
    ]);
    expect(detail.steps.find((s) => s.nodeId === 'classify')).toMatchObject({
      confidence: 0.62,
      models: [{ name: 'defect-classifier', version: '1.0.0' }],
    });
    expect(detail.audit.chain).toEqual({ valid: true, checked: 5, brokenAtId: null });
    expect(detail.audit.events.map((e) => e.action)).toEqual([
      'run.created',
      'step.succeeded',
      'step.succeeded',
      'step.succeeded',
      'step.succeeded',
    ]);
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ url: 'https://erp.example/claims', responseStatus: 200, durationMs: 84 }),
    ]);
    expect(detail.tasks).toEqual([expect.objectContaining({ status: 'open', nodeId: 'review', decision: null })]);
    expect(detail.graph.nodes.map((n) => n.title)).toContain('Route by confidence');
  });

  it('reads errors in the shapes the engine stores them (failed run, skipped step) and its output schema accepts them', async () => {
    const engineError = {
      name: 'NonRetriableError',
      message: 'delivery refused: 403',
      code: 'http_403',
      audience: 'user',
    };
    const { runId } = await run({
      createdAt: hour(11),
      status: 'failed',
      error: { nodeId: 'send', error: engineError },
      steps: [
        { nodeId: 'send', nodeType: 'webhook', status: 'failed', startS: 0, endS: 1, error: engineError },
        {
          nodeId: 'review',
          nodeType: 'human-task',
          status: 'skipped',
          error: { skipped: 'no inbound branch was taken' },
        },
      ],
    });
    const listed = await listRuns({ db: t.db, workspaceId: ws.workspace.id, filters: { statuses: ['failed'] } });
    expect(listed.items.find((r) => r.id === runId)?.errorMessage).toBe('delivery refused: 403');
    const detail = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    expect(detail.run.error).toMatchObject({ message: 'delivery refused: 403', code: 'http_403', nodeId: 'send' });
    const steps = Object.fromEntries(detail.steps.map((s) => [s.nodeId, s]));
    expect(steps.send?.error).toMatchObject({ message: 'delivery refused: 403' });
    expect(steps.review?.error).toEqual({ message: 'Skipped: no inbound branch was taken', code: 'skipped' });
    expect(() => ZGetRunOutput.parse(detail)).not.toThrow();
  });

  it('reports a tampered audit trail and the first event that breaks the chain', async () => {
    const { runId } = await run({
      createdAt: hour(11),
      status: 'succeeded',
      steps: [{ nodeId: 'claim', nodeType: 'ingest', status: 'succeeded', startS: 0, endS: 1 }],
    });
    const before = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    expect(before.audit.chain.valid).toBe(true);
    const target = before.audit.events[1]!;
    // The table refuses UPDATE by trigger; an attacker with the owner's rights could switch it off.
    await withTransaction(t.db, async (c) => {
      await c.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await c.query(`UPDATE audit_events SET data = '{"nodeId":"claim","nodeType":"forged"}' WHERE id = $1`, [
        target.id,
      ]);
      await c.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    });
    const after = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    expect(after.audit.chain).toEqual({ valid: false, checked: 3, brokenAtId: target.id });
  });

  it("answers NOT_FOUND for another workspace's run and for ids that are not uuids", async () => {
    const foreign = await seedRun(t.db, {
      workspaceId: other.workspace.id,
      workflowId: other.workflow.id,
      versionId: other.version.id,
      status: 'succeeded',
      createdAt: hour(12),
    });
    await expect(getRun({ db: t.db, workspaceId: ws.workspace.id, runId: foreign.runId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(getRun({ db: t.db, workspaceId: ws.workspace.id, runId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(pollRun({ db: t.db, workspaceId: ws.workspace.id, runId: foreign.runId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('polling', () => {
  it('says nothing changed until a step or the run moves', async () => {
    const { runId, stepIds } = await run({
      createdAt: hour(13),
      status: 'running',
      endS: null,
      steps: [{ nodeId: 'claim', nodeType: 'ingest', status: 'running', startS: 0 }],
    });
    const detail = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    const list = await pollRuns({ db: t.db, workspaceId: ws.workspace.id });
    expect(list.activeRuns).toBeGreaterThan(0);
    expect(await pollRun({ db: t.db, workspaceId: ws.workspace.id, runId, cursor: detail.cursor })).toMatchObject({
      changed: false,
      status: 'running',
    });
    expect(await pollRuns({ db: t.db, workspaceId: ws.workspace.id, cursor: list.cursor })).toMatchObject({
      changed: false,
    });

    await t.db.pool.query(`UPDATE steps SET status = 'succeeded', finished_at = now() WHERE id = $1`, [stepIds.claim]);
    const moved = await pollRun({ db: t.db, workspaceId: ws.workspace.id, runId, cursor: detail.cursor });
    expect(moved.changed).toBe(true);
    expect(await pollRun({ db: t.db, workspaceId: ws.workspace.id, runId, cursor: moved.cursor })).toMatchObject({
      changed: false,
    });

    await run({ createdAt: hour(14), status: 'queued', startS: null, endS: null });
    expect(await pollRuns({ db: t.db, workspaceId: ws.workspace.id, cursor: list.cursor })).toMatchObject({
      changed: true,
    });
  });
});

describe('cancel and re-run through the engine', () => {
  let engine: Engine;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const boss = await startBoss({ url: t.url, max: 3, listenNotify: false });
    await ensureQueues(boss);
    const fetch = createGuardedFetch({});
    const refuse = () => {
      throw new Error('not used by this test');
    };
    engine = createEngine({
      db: t.db,
      boss,
      logger: pino({ level: 'silent' }),
      executors: [],
      media: refuse as never,
      infer: refuse as never,
      secrets: refuse as never,
      fetch,
    });
    stop = async () => {
      await boss.stop({ graceful: false });
      await fetch.close();
    };
  });
  afterAll(async () => stop?.());

  it('cancels a run, refuses to cancel it twice, and re-runs it from a step', async () => {
    const { runId } = await engine.startRun({
      workspaceId: ws.workspace.id,
      workflowId: ws.workflow.id,
      workflowVersionId: ws.version.id,
    });
    const input = { db: t.db, engine, workspaceId: ws.workspace.id, runId, userId: ws.user.id };

    await expect(cancelRun({ ...input, workspaceId: other.workspace.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rerunRunFromStep({ ...input, nodeId: 'route' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await cancelRun(input);
    const canceled = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId });
    expect(canceled.run.status).toBe('canceled');
    const cancelEvent = canceled.audit.events.find((e) => e.action === 'run.canceled');
    expect(cancelEvent).toMatchObject({ actorType: 'user', actorId: ws.user.id, actorName: 'Erin Editor' });
    expect(canceled.audit.chain.valid).toBe(true);
    await expect(cancelRun(input)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already canceled/),
    });

    await expect(rerunRunFromStep({ ...input, nodeId: 'no-such-node' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      rerunRunFromStep({ ...input, nodeId: 'route', workspaceId: other.workspace.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rerun = await rerunRunFromStep({ ...input, nodeId: 'route' });
    expect(rerun.runId).not.toBe(runId);
    const fresh = await getRun({ db: t.db, workspaceId: ws.workspace.id, runId: rerun.runId });
    expect(fresh.run).toMatchObject({ rerunOfId: runId, rerunFromNodeId: 'route' });
    expect((await getRun({ db: t.db, workspaceId: ws.workspace.id, runId })).run.reruns).toEqual([
      expect.objectContaining({ id: rerun.runId, fromNodeId: 'route' }),
    ]);
  });
});
