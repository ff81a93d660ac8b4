import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createWorkspace } from '@conveyor/db/factories';
import { LocalMediaStore, createEngine, createWorkspaceMedia, startBoss, type Engine } from '@conveyor/engine/server';
import { nodeExecutors } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { DEMO_SAMPLES, storeDemoSample } from './demo-samples.ts';
import { startTestRun } from './start-test-run.ts';
import { getTestRunStatus, listTestRuns } from './test-run-status.ts';
import { createWorkflow, saveDraft, type WorkflowScope } from './workflow-drafts.ts';
import { listVersions } from './workflow-versions.ts';
import { WorkflowError } from './workflow-error.ts';

let t: TestDatabase;
let boss: Awaited<ReturnType<typeof startBoss>>;
let engine: Engine;
let mediaRoot: string;
let scope: WorkflowScope;
let userId: string;
let media: ReturnType<typeof createWorkspaceMedia>;

beforeAll(async () => {
  t = await createTestDatabase();
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'test-run-media-'));
  const store = new LocalMediaStore(mediaRoot);
  boss = await startBoss({ url: t.url, max: 4 });
  const mediaFor = (workspaceId: string) =>
    createWorkspaceMedia({ db: t.db, store, workspaceId, maxBytes: 10_000_000 });
  const refuse = () => {
    throw new Error('not used in this test');
  };
  engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [...nodeExecutors],
    media: mediaFor,
    infer: () => refuse as never,
    secrets: () => ({ get: refuse }) as never,
    fetch: refuse as never,
  });
  await engine.startWorkers({ pollingIntervalSeconds: 0.5 });
  const ws = await createWorkspace(t.db);
  scope = { db: t.db, workspaceId: ws.id };
  userId = (await createMember(t.db, ws.id, 'editor')).id;
  media = mediaFor(ws.id);
});
afterAll(async () => {
  await engine?.stopWorkers().catch(() => {});
  await boss?.stop({ graceful: false }).catch(() => {});
  await t?.drop();
  if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
});

const graph = {
  nodes: [
    {
      id: 'claim',
      type: 'ingest',
      typeVersion: 1,
      config: { requiredFields: ['claimId'] },
      position: { x: 0, y: 0 },
    },
    {
      id: 'triage',
      type: 'rule',
      typeVersion: 1,
      config: {
        rows: [
          {
            name: 'known',
            port: 'approve',
            conditions: [{ kind: 'present', field: 'record.claimId', label: 'claim id' }],
          },
        ],
      },
      position: { x: 300, y: 0 },
    },
  ],
  edges: [{ from: { node: 'claim', port: 'record' }, to: { node: 'triage', port: 'record' } }],
};

async function waitTerminal(workflowId: string, runId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await getTestRunStatus(scope, { workflowId, runId });
    if (status.terminal) return status;
    if (Date.now() > deadline) throw new Error(`run still ${status.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('test runs of a draft', () => {
  it('runs the draft on a demo sample as an unpublished snapshot, reused while the draft is unchanged', async () => {
    const wf = await createWorkflow(scope, { name: 'Test me', createdById: userId });
    await saveDraft(scope, { workflowId: wf.id, graph, expectedRevision: 0 });
    const sample = DEMO_SAMPLES[0]!;
    const refs = await storeDemoSample(media, sample);
    expect(refs.map((r) => r.contentType)).toEqual(['image/jpeg', 'image/jpeg']);

    const started = await startTestRun(
      { ...scope, engine },
      { workflowId: wf.id, mediaIds: refs.map((r) => r.mediaId), record: sample.record, createdById: userId },
    );
    const done = await waitTerminal(wf.id, started.runId);
    expect(done.status).toBe('succeeded');
    expect(done.isTest).toBe(true);
    expect(done.version).toBe(0);
    const byNode = Object.fromEntries(done.steps.map((s) => [s.nodeId, s]));
    expect(byNode['claim']?.outputs).toMatchObject({ media: refs, record: sample.record });
    expect(byNode['triage']?.firedPorts).toEqual(['approve']);
    // Timing comes from the attempt when the step skipped its running mark.
    expect(byNode['triage']?.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(byNode['triage']?.outputs)).toContain('claim id');

    // Nothing was published; a second run of the same draft pins the same snapshot.
    expect(await listVersions(scope, wf.id)).toEqual([]);
    const again = await startTestRun(
      { ...scope, engine },
      { workflowId: wf.id, mediaIds: refs.map((r) => r.mediaId), record: sample.record, createdById: null },
    );
    expect(again.workflowVersionId).toBe(started.workflowVersionId);
    await waitTerminal(wf.id, again.runId);
    expect((await listTestRuns(scope, wf.id)).map((r) => r.id)).toEqual([again.runId, started.runId]);

    // An edited draft gets its own snapshot, numbered below the last.
    const edited = structuredClone(graph);
    edited.nodes[1]!.position = { x: 1, y: 1 };
    await saveDraft(scope, { workflowId: wf.id, graph: edited, expectedRevision: 1 });
    const third = await startTestRun(
      { ...scope, engine },
      { workflowId: wf.id, mediaIds: refs.map((r) => r.mediaId), record: {}, createdById: null },
    );
    expect(third.workflowVersionId).not.toBe(started.workflowVersionId);
    const failed = await waitTerminal(wf.id, third.runId);
    // The ingest node demands a claimId: the failure carries its reason.
    expect(failed.status).toBe('failed');
    const claim = failed.steps.find((s) => s.nodeId === 'claim');
    expect(claim?.status).toBe('failed');
    expect(JSON.stringify(claim?.error)).toMatch(/Missing required case field: claimId/);
    const versions = await t.db.prisma.workflowVersion.findMany({
      where: { workflowId: wf.id },
      orderBy: { version: 'desc' },
    });
    expect(versions.map((v) => [v.version, v.published])).toEqual([
      [0, false],
      [-1, false],
    ]);
  });

  it('refuses an invalid draft with its issues, and media of another workspace', async () => {
    const wf = await createWorkflow(scope, { name: 'Broken', createdById: userId });
    await saveDraft(scope, {
      workflowId: wf.id,
      graph: { nodes: [{ ...graph.nodes[1]! }], edges: [] },
      expectedRevision: 0,
    });
    const error = await startTestRun(
      { ...scope, engine },
      { workflowId: wf.id, mediaIds: [], record: {}, createdById: null },
    ).catch((e: unknown) => e as WorkflowError);
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).kind).toBe('INVALID_GRAPH');
    expect((error as WorkflowError).issues?.map((i) => i.code)).toContain('missing_entry');

    const ok = await createWorkflow(scope, { name: 'Ok', createdById: userId });
    await saveDraft(scope, { workflowId: ok.id, graph, expectedRevision: 0 });
    const foreign = await createWorkspace(t.db);
    const theirs = await storeDemoSample(
      createWorkspaceMedia({ db: t.db, store: new LocalMediaStore(mediaRoot), workspaceId: foreign.id, maxBytes: 1e7 }),
      DEMO_SAMPLES[1]!,
    );
    const refused = await startTestRun(
      { ...scope, engine },
      { workflowId: ok.id, mediaIds: theirs.map((r) => r.mediaId), record: { claimId: 'x' }, createdById: null },
    ).catch((e: unknown) => e as WorkflowError);
    expect((refused as WorkflowError).kind).toBe('NOT_FOUND');
    expect(await t.db.prisma.run.count({ where: { workflowId: ok.id } })).toBe(0);
  });
});
