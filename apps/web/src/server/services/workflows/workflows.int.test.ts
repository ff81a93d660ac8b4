import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createWorkspace } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { warrantyTriageTemplate } from '@conveyor/nodes';
import {
  createWorkflow,
  deleteWorkflow,
  getDraft,
  listWorkflows,
  renameWorkflow,
  rollBackDraft,
  saveDraft,
  type WorkflowScope,
} from './workflow-drafts.ts';
import { diffWorkflow, listVersions, publishWorkflow, validateWorkflowDraft } from './workflow-versions.ts';
import { exportWorkflow, importWorkflow } from './workflow-json.ts';
import { WorkflowError } from './workflow-error.ts';
import { describeCatalog } from './node-catalog.ts';

let t: TestDatabase;
let scope: WorkflowScope;
let other: WorkflowScope;
let userId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const ws = await createWorkspace(t.db);
  const ws2 = await createWorkspace(t.db);
  scope = { db: t.db, workspaceId: ws.id };
  other = { db: t.db, workspaceId: ws2.id };
  userId = (await createMember(t.db, ws.id, 'editor', { name: 'Edith Editor' })).id;
});
afterAll(async () => t?.drop());

async function rejects(promise: Promise<unknown>, code: WorkflowError['kind'], message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowError);
  expect((error as WorkflowError).kind).toBe(code);
  if (message) expect((error as WorkflowError).message).toMatch(message);
  return error as WorkflowError;
}

const ingest = (id = 'claim') => ({
  id,
  type: 'ingest',
  typeVersion: 1,
  config: {},
  position: { x: 0, y: 0 },
});
const delay = (id: string, amount = 1) => ({
  id,
  type: 'delay',
  typeVersion: 1,
  config: { amount, unit: 'seconds' },
  position: { x: 300, y: 0 },
});
const wire = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

describe('workflow drafts', () => {
  it('creates blank and template workflows, lists and searches them, scoped to the workspace', async () => {
    const blank = await createWorkflow(scope, { name: '  Blank   one ', createdById: userId });
    expect(blank.name).toBe('Blank one');
    const fromTemplate = await createWorkflow(scope, { templateKey: 'warranty-triage', createdById: userId });
    const draft = await getDraft(scope, fromTemplate.id);
    expect(draft.name).toBe(warrantyTriageTemplate.name);
    expect(draft.graph).toEqual(warrantyTriageTemplate.graph);
    expect(draft.issues).toEqual([]);

    const all = await listWorkflows(scope);
    expect(all.map((w) => w.id)).toEqual(expect.arrayContaining([blank.id, fromTemplate.id]));
    const found = await listWorkflows(scope, { query: 'WARRANTY' });
    expect(found.map((w) => w.id)).toEqual([fromTemplate.id]);
    expect(found[0]).toMatchObject({ nodeCount: 8, latestVersion: null, hasUnpublishedChanges: true });
    expect(await listWorkflows(other)).toEqual([]);
    await rejects(getDraft(other, blank.id), 'NOT_FOUND');
    await rejects(createWorkflow(scope, { templateKey: 'nope', createdById: null }), 'NOT_FOUND', /no template/);
  });

  it('renames, refuses blank names, soft-deletes (gone from lists, rows kept)', async () => {
    const wf = await createWorkflow(scope, { name: 'To rename', createdById: userId });
    expect((await renameWorkflow(scope, { workflowId: wf.id, name: 'Renamed' })).name).toBe('Renamed');
    await rejects(renameWorkflow(scope, { workflowId: wf.id, name: '   ' }), 'BAD_REQUEST');
    await rejects(renameWorkflow(other, { workflowId: wf.id, name: 'x' }), 'NOT_FOUND');
    await deleteWorkflow(scope, wf.id);
    expect((await listWorkflows(scope)).map((w) => w.id)).not.toContain(wf.id);
    await rejects(getDraft(scope, wf.id), 'NOT_FOUND');
    await rejects(deleteWorkflow(scope, wf.id), 'NOT_FOUND');
    expect(await t.db.prisma.workflow.findUnique({ where: { id: wf.id } })).toMatchObject({
      deletedAt: expect.any(Date),
    });
  });

  it('saves drafts with optimistic concurrency: a stale revision is a CONFLICT naming the current one', async () => {
    const wf = await createWorkflow(scope, { name: 'Concurrency', createdById: userId });
    const graph = { nodes: [ingest()], edges: [] };
    const first = await saveDraft(scope, { workflowId: wf.id, graph, expectedRevision: 0 });
    expect(first.revision).toBe(1);
    expect(first.issues).toEqual([]);
    const conflict = await rejects(
      saveDraft(scope, { workflowId: wf.id, graph: { nodes: [], edges: [] }, expectedRevision: 0 }),
      'CONFLICT',
      /changed elsewhere/,
    );
    expect(conflict.currentRevision).toBe(1);
    expect((await getDraft(scope, wf.id)).graph).toEqual(graph);

    // Semantic problems are saved (work in progress) and reported; malformed JSON is refused.
    const wip = await saveDraft(scope, {
      workflowId: wf.id,
      graph: { nodes: [ingest(), delay('wait')], edges: [] },
      expectedRevision: 1,
    });
    expect(wip.issues.map((i) => i.code)).toContain('required_input_unconnected');
    const malformed = await rejects(
      saveDraft(scope, { workflowId: wf.id, graph: { nodes: [{ id: 'x' }], edges: [] }, expectedRevision: 2 }),
      'INVALID_GRAPH',
    );
    expect(malformed.issues?.[0]?.path).toMatch(/^nodes\[0\]/);
    expect((await getDraft(scope, wf.id)).revision).toBe(2);
  });
});

describe('publishing, versions, diff and roll back', () => {
  it('publishes valid drafts as numbered immutable versions, refuses invalid and unchanged ones', async () => {
    const wf = await createWorkflow(scope, { name: 'Publishing', createdById: userId });
    // Invalid: the delay has no input.
    await saveDraft(scope, {
      workflowId: wf.id,
      graph: { nodes: [ingest(), delay('wait')], edges: [] },
      expectedRevision: 0,
    });
    const invalid = await rejects(
      publishWorkflow(scope, { workflowId: wf.id, note: 'x', publishedById: userId }),
      'INVALID_GRAPH',
    );
    expect(invalid.issues).toContainEqual(
      expect.objectContaining({ code: 'required_input_unconnected', nodeId: 'wait', port: 'in' }),
    );
    expect((await validateWorkflowDraft(scope, wf.id)).ok).toBe(false);

    const v1Graph = { nodes: [ingest(), delay('wait')], edges: [wire('claim', 'record', 'wait', 'in')] };
    await saveDraft(scope, { workflowId: wf.id, graph: v1Graph, expectedRevision: 1 });
    await rejects(
      publishWorkflow(scope, { workflowId: wf.id, expectedRevision: 1, note: 'stale', publishedById: userId }),
      'CONFLICT',
    );
    const v1 = await publishWorkflow(scope, {
      workflowId: wf.id,
      expectedRevision: 2,
      note: ' First ',
      publishedById: userId,
    });
    expect(v1).toMatchObject({ version: 1, note: 'First', graphHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await rejects(
      publishWorkflow(scope, { workflowId: wf.id, note: 'again', publishedById: userId }),
      'NOTHING_TO_PUBLISH',
      /Version 1 already has exactly this graph/,
    );
    // Moving a node changes nothing a run would see.
    const moved = structuredClone(v1Graph);
    moved.nodes[1]!.position = { x: 999, y: 5 };
    await saveDraft(scope, { workflowId: wf.id, graph: moved, expectedRevision: 2 });
    await rejects(
      publishWorkflow(scope, { workflowId: wf.id, note: 'moved', publishedById: userId }),
      'NOTHING_TO_PUBLISH',
      /Only node positions/,
    );

    const v2Graph = {
      nodes: [ingest(), { ...delay('wait', 5), label: 'Cool down' }, delay('later')],
      edges: [wire('claim', 'record', 'wait', 'in'), wire('wait', 'out', 'later', 'in')],
    };
    await saveDraft(scope, { workflowId: wf.id, graph: v2Graph, expectedRevision: 3 });
    const v2 = await publishWorkflow(scope, { workflowId: wf.id, note: 'Longer wait', publishedById: userId });
    expect(v2.version).toBe(2);

    const versions = await listVersions(scope, wf.id);
    expect(versions.map((v) => [v.version, v.note, v.createdBy])).toEqual([
      [2, 'Longer wait', 'Edith Editor'],
      [1, 'First', 'Edith Editor'],
    ]);
    const stored = await t.db.prisma.workflowVersion.findUnique({ where: { id: v1.id } });
    expect(stored?.graph).toEqual(v1Graph);

    const diff = await diffWorkflow(scope, { workflowId: wf.id, from: { versionId: v1.id }, to: { versionId: v2.id } });
    expect(diff.fromLabel).toBe('Version 1');
    expect(diff.nodes.added.map((n) => n.id)).toEqual(['later']);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.nodes.changed).toEqual([
      expect.objectContaining({
        id: 'wait',
        fields: [{ path: 'amount', before: 1, after: 5 }],
        labelChange: { before: null, after: 'Cool down' },
      }),
    ]);
    expect(diff.edges.added).toEqual([wire('wait', 'out', 'later', 'in')]);
    expect(diff.identical).toBe(false);

    // Draft vs latest: identical right after publishing.
    expect((await diffWorkflow(scope, { workflowId: wf.id, from: 'latest', to: 'draft' })).identical).toBe(true);

    // Roll back: the draft becomes v1's graph; the versions are untouched.
    const rolled = await rollBackDraft(scope, { workflowId: wf.id, versionId: v1.id, expectedRevision: 4 });
    expect(rolled).toMatchObject({ revision: 5, version: 1 });
    expect((await getDraft(scope, wf.id)).graph).toEqual(v1Graph);
    const back = await diffWorkflow(scope, { workflowId: wf.id, from: 'latest', to: 'draft' });
    expect(back.nodes.removed.map((n) => n.id)).toEqual(['later']);
    await rejects(rollBackDraft(scope, { workflowId: wf.id, versionId: v1.id, expectedRevision: 4 }), 'CONFLICT');
    await rejects(rollBackDraft(other, { workflowId: wf.id, versionId: v1.id, expectedRevision: 5 }), 'NOT_FOUND');
    await rejects(listVersions(other, wf.id), 'NOT_FOUND');
  });

  it('numbers versions without collisions when two publishes race', async () => {
    const wf = await createWorkflow(scope, { name: 'Race', createdById: userId });
    await saveDraft(scope, { workflowId: wf.id, graph: { nodes: [ingest()], edges: [] }, expectedRevision: 0 });
    const results = await Promise.allSettled([
      publishWorkflow(scope, { workflowId: wf.id, note: 'a', publishedById: null }),
      publishWorkflow(scope, { workflowId: wf.id, note: 'b', publishedById: null }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as WorkflowError).kind).toBe('NOTHING_TO_PUBLISH');
  });
});

describe('export and import', () => {
  it('round-trips a workflow file and reports bad files precisely', async () => {
    const wf = await createWorkflow(scope, { templateKey: 'warranty-triage', createdById: userId });
    const file = await exportWorkflow(scope, wf.id);
    expect(file).toMatchObject({ format: 'conveyor.workflow', formatVersion: 1, name: warrantyTriageTemplate.name });
    const imported = await importWorkflow(scope, { text: JSON.stringify(file), createdById: userId });
    expect(imported.issues).toEqual([]);
    expect((await getDraft(scope, imported.workflowId)).graph).toEqual(warrantyTriageTemplate.graph);

    await rejects(importWorkflow(scope, { text: '{"nodes": [', createdById: null }), 'BAD_REQUEST', /Not valid JSON/);
    await rejects(
      importWorkflow(scope, {
        text: JSON.stringify({ format: 'other', formatVersion: 1, name: 'x', graph: {} }),
        createdById: null,
      }),
      'BAD_REQUEST',
      /format/,
    );
    const bad = await rejects(
      importWorkflow(scope, {
        text: JSON.stringify({ ...file, graph: { nodes: [{ ...ingest(), position: { x: 'left' } }], edges: [] } }),
        createdById: null,
      }),
      'INVALID_GRAPH',
      /graph\.nodes\[0\]\.position/,
    );
    expect(bad.issues?.length).toBeGreaterThan(0);
  });

  it('gives invalid or repeated node ids new ones and rewires their edges; imports into a draft', async () => {
    const graph = {
      nodes: [ingest('claim photos!'), delay('wait'), { ...delay('wait'), position: { x: 1, y: 1 } }],
      edges: [wire('claim photos!', 'record', 'wait', 'in')],
    };
    const target = await createWorkflow(scope, { name: 'Target', createdById: userId });
    const result = await importWorkflow(scope, {
      text: JSON.stringify(graph),
      workflowId: target.id,
      expectedRevision: 0,
      createdById: userId,
    });
    expect(result.renamedNodes).toBe(2);
    const draft = (await getDraft(scope, target.id)).graph as typeof graph;
    expect(draft.nodes.map((n) => n.id)).toEqual(['claim-photos-', 'wait', 'wait-1']);
    expect(draft.edges[0]!.from.node).toBe('claim-photos-');
    await rejects(
      importWorkflow(scope, {
        text: JSON.stringify(graph),
        workflowId: target.id,
        expectedRevision: 0,
        createdById: null,
      }),
      'CONFLICT',
    );
  });
});

describe('node catalog', () => {
  it('describes every node with its JSON Schema, ports, defaults and the templates', () => {
    const catalog = describeCatalog();
    const rule = catalog.nodes.find((n) => n.type === 'rule')!;
    expect(rule.category).toBe('logic');
    expect(rule.outputs.map((p) => p.name)).toEqual(['approve', 'review', 'more-info']);
    expect(rule.dynamicOutputs).toBe(true);
    const detector = catalog.nodes.find((n) => n.type === 'detector')!;
    expect(detector.configSchema).toMatchObject({ type: 'object', properties: { minConfidence: { default: 0.4 } } });
    expect(detector.defaultConfig).toMatchObject({ model: 'coco-detector', minConfidence: 0.4 });
    expect(detector.inputs).toEqual([expect.objectContaining({ name: 'media', type: 'media[]', required: true })]);
    expect(catalog.templates.map((t) => t.key)).toEqual(['warranty-triage']);
  });
});
