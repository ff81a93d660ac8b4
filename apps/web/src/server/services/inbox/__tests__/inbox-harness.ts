import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import {
  createEngine,
  createGuardedFetch,
  createWorkspaceMedia,
  LocalMediaStore,
  sha256Json,
  startBoss,
  type Engine,
} from '@conveyor/engine/server';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor, getNodeExecutor, type MediaRef, type NodeExecutor } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { deriveEvidenceLinkKey, type EvidenceLinkKey } from '../evidence-link.ts';
import { makePng } from './png.ts';

/**
 * A real engine (Postgres, pg-boss, step and inbox-timer workers, the real human-task
 * executor) around a claim workflow: `claim` (entry: the run's media and record) →
 * `score` (a stand-in model: defect score from the number of photos, with a detection
 * and OCR text per photo) → `review` (human task) → `done` (records which port fired).
 */
export const claimDef = defineNode({
  type: 'inbox-test-claim',
  version: 1,
  title: 'Claim',
  category: 'input',
  description: 'emits the run input',
  entry: true,
  config: z.object({}),
  inputs: { input: { type: 'any' } },
  outputs: { media: { type: 'media[]' }, record: { type: 'record' } },
});
export const claim = defineExecutor(claimDef, async (_ctx, inputs) => {
  const input = inputs.input as { media: MediaRef[]; record: Record<string, unknown> };
  return { outputs: { media: input.media, record: input.record } };
});

export const scoreCalls = new Map<string, number>();
export const scoreDef = defineNode({
  type: 'inbox-test-score',
  version: 1,
  title: 'Score',
  category: 'vision',
  description: 'deterministic stand-in for the models',
  config: z.object({}),
  inputs: { media: { type: 'media[]', required: true } },
  outputs: { classification: { type: 'classification' }, detections: { type: 'detections' }, text: { type: 'text' } },
});
const score = defineExecutor(scoreDef, async (ctx, inputs) => {
  scoreCalls.set(ctx.runId, (scoreCalls.get(ctx.runId) ?? 0) + 1);
  const n = inputs.media.length;
  return {
    outputs: {
      classification: {
        model: { name: 'defect-classifier', version: '1.0.0' },
        label: 'defect',
        score: n > 1 ? 0.9 : 0.62,
        scores: { defect: n > 1 ? 0.9 : 0.62, ok: n > 1 ? 0.1 : 0.38 },
      },
      detections: {
        model: { name: 'coco-detector', version: '3.1.0' },
        items: inputs.media.map((m) => ({
          mediaId: m.mediaId,
          label: 'laptop',
          score: 0.8,
          box: { x: 0.1, y: 0.1, width: 0.5, height: 0.5 },
        })),
      },
      text: {
        model: { name: 'tesseract-eng', version: '5.3.0' },
        text: 'S/N AB1234567B',
        confidence: 0.7,
        serial: null,
      },
    },
  };
});

export const doneCalls: { runId: string; port: string }[] = [];
export const doneDef = defineNode({
  type: 'inbox-test-done',
  version: 1,
  title: 'Done',
  category: 'output',
  description: 'records the decision that reached it',
  config: z.object({ port: z.string() }),
  inputs: { payload: { type: 'decision', required: true } },
  outputs: {},
});
const done = defineExecutor(doneDef, async (ctx) => {
  doneCalls.push({ runId: ctx.runId, port: ctx.config.port });
  return { outputs: {} };
});

export function claimGraph(review: Record<string, unknown>) {
  const e = (from: string, fp: string, to: string, tp: string) => ({
    from: { node: from, port: fp },
    to: { node: to, port: tp },
  });
  const n = (id: string, type: string, config: unknown = {}) => ({ id, type, typeVersion: 1, config });
  return {
    nodes: [
      n('claim', 'inbox-test-claim'),
      n('score', 'inbox-test-score'),
      n('review', 'human-task', review),
      ...['approve', 'reject', 'more-info', 'timeout'].map((p) => n(`on-${p}`, 'inbox-test-done', { port: p })),
    ],
    edges: [
      e('claim', 'media', 'score', 'media'),
      e('claim', 'media', 'review', 'media'),
      e('claim', 'record', 'review', 'record'),
      e('score', 'classification', 'review', 'classification'),
      e('score', 'detections', 'review', 'detections'),
      e('score', 'text', 'review', 'text'),
      ...['approve', 'reject', 'more-info', 'timeout'].map((p) => e('review', p, `on-${p}`, 'payload')),
    ],
  };
}

export interface InboxHarness {
  t: TestDatabase;
  engine: Engine;
  workspaceId: string;
  linkKey: EvidenceLinkKey;
  users: { alice: { id: string }; bob: { id: string }; carol: { id: string }; submitter: { id: string } };
  media: (workspaceId: string) => ReturnType<typeof createWorkspaceMedia>;
  now: () => Date;
  publish(review: Record<string, unknown>): Promise<{ workflowId: string; versionId: string }>;
  startClaim(
    versionId: string,
    workflowId: string,
    photos?: number,
    opts?: { createdById?: string; correlationKey?: string },
  ): Promise<string>;
  waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  taskOf(runId: string, round?: number): Promise<{ id: string; status: string; step_id: string }>;
  close(): Promise<void>;
}

/** `skewMs`: the engine's clock runs this far behind, so hour-long SLAs fall due in seconds. */
export async function createInboxHarness(opts: { skewMs?: number } = {}): Promise<InboxHarness> {
  const t = await createTestDatabase();
  const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'inbox-media-'));
  const store = new LocalMediaStore(mediaRoot);
  const media = (workspaceId: string) => createWorkspaceMedia({ db: t.db, store, workspaceId, maxBytes: 2_000_000 });
  const boss = await startBoss({ url: t.url, max: 6 });
  const fetch = createGuardedFetch({ allowCidrs: ['127.0.0.0/8'] });
  const skew = opts.skewMs ?? 0;
  const now = () => new Date(Date.now() - skew);
  const executors: NodeExecutor[] = [claim, score, done, getNodeExecutor('human-task', 1)!];
  const engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: process.env.ENGINE_TEST_LOG ?? 'silent' }),
    executors,
    media,
    infer: () => {
      throw new Error('no inference in inbox tests');
    },
    secrets: () => ({ get: async (name: string) => `secret-of-${name}` }),
    fetch,
    now,
  });
  await engine.startWorkers({ batchSize: 8, pollingIntervalSeconds: 0.5 });
  const ws = await createWorkspace(t.db);
  const alice = await createMember(t.db, ws.id, 'reviewer', { name: 'Alice' });
  const bob = await createMember(t.db, ws.id, 'reviewer', { name: 'Bob' });
  const carol = await createMember(t.db, ws.id, 'admin', { name: 'Carol' });
  const submitter = await createMember(t.db, ws.id, 'editor', { name: 'Sam' });
  const reviewers = await t.db.prisma.reviewGroup.create({ data: { workspaceId: ws.id, name: 'reviewers' } });
  await t.db.prisma.reviewGroupMember.createMany({
    data: [alice, bob].map((u) => ({ groupId: reviewers.id, userId: u.id })),
  });
  const seniors = await t.db.prisma.reviewGroup.create({
    data: { workspaceId: ws.id, name: 'seniors', assignment: 'round_robin' },
  });
  await t.db.prisma.reviewGroupMember.create({ data: { groupId: seniors.id, userId: carol.id } });

  const h: InboxHarness = {
    t,
    engine,
    workspaceId: ws.id,
    linkKey: deriveEvidenceLinkKey(randomBytes(32)),
    users: { alice, bob, carol, submitter },
    media,
    now,
    async publish(review) {
      const graph = claimGraph(review);
      const wf = await createWorkflow(t.db, { workspaceId: ws.id, graph, name: 'Warranty claims' });
      const v = await t.db.prisma.workflowVersion.create({
        data: { workflowId: wf.id, version: 1, graph: graph as object, graphHash: sha256Json(graph), published: true },
      });
      return { workflowId: wf.id, versionId: v.id };
    },
    async startClaim(versionId, workflowId, photos = 1, o = {}) {
      const refs = [];
      for (let i = 0; i < photos; i++)
        refs.push(
          await media(ws.id).put(makePng(32, 24, Math.floor(Math.random() * 1e6)), { contentType: 'image/png' }),
        );
      const { runId } = await engine.startRun({
        workspaceId: ws.id,
        workflowId,
        workflowVersionId: versionId,
        input: { media: refs, record: { claimId: o.correlationKey ?? 'C-1', productSku: 'SKU-9' } },
        correlationKey: o.correlationKey ?? null,
        createdById: o.createdById ?? null,
      });
      return runId;
    },
    async waitFor(what, fn, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v as never;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async taskOf(runId, round = 0) {
      return h.waitFor(`task of run ${runId} round ${round}`, async () => {
        const { rows } = await t.db.pool.query<{ id: string; status: string; step_id: string }>(
          'SELECT id, status, step_id FROM human_tasks WHERE run_id = $1 AND round = $2',
          [runId, round],
        );
        return rows[0];
      });
    },
    async close() {
      await engine.stopWorkers().catch(() => {});
      await boss.stop({ graceful: false, wait: true } as never).catch(() => {});
      await fetch.close();
      await t.drop();
      await rm(mediaRoot, { recursive: true, force: true });
    },
  };
  return h;
}
