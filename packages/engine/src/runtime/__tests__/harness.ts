import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { LocalMediaStore } from '../../media/local-media-store.ts';
import { createWorkspaceMedia } from '../../media/workspace-media.ts';
import type { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { createWorkflow, createWorkspace } from '@conveyor/db/factories';
import type { MediaStore as MediaStoreForNodes, NodeExecutor } from '@conveyor/nodes/server';
import { startBoss } from '../../queue/boss.ts';
import { createEngine, type Engine, type EngineOptions } from '../engine.ts';
import { auditChainValid, canonicalJson, sha256Json } from '../audit.ts';
import type { GraphEdge, GraphNode } from '../run-graph.ts';

/**
 * A real engine on a real, private database: pg-boss, Postgres and the step worker are
 * the production ones; only the executors come from the test.
 */
export interface Harness {
  t: TestDatabase;
  boss: PgBoss;
  engine: Engine;
  workspaceId: string;
  publish(
    graph: { nodes: GraphNode[]; edges: GraphEdge[] },
    opts?: { concurrencyLimit?: number },
  ): Promise<{ workflowId: string; versionId: string }>;
  waitForRun(runId: string, statuses?: string[], timeoutMs?: number): Promise<RunRow>;
  steps(runId: string): Promise<Record<string, StepView>>;
  /** The workspace's ctx.media (only with `media: true`). */
  media(): MediaStoreForNodes;
  close(): Promise<void>;
}

export interface RunRow {
  id: string;
  status: string;
  output: Record<string, unknown> | null;
  error: unknown;
}

export interface StepView {
  status: string;
  attempt: number;
  outputs: Record<string, unknown> | null;
  inputs: Record<string, unknown> | null;
  error: { message?: string; code?: string } | null;
  fired_ports: string[];
  dead_lettered_at: Date | null;
}

export async function createHarness(
  executors: NodeExecutor[],
  opts: {
    start?: boolean;
    batchSize?: number;
    media?: boolean;
    /** Overrides for the engine (a real guarded fetch, a secret key, callback settings). */
    engine?: Partial<Pick<EngineOptions, 'fetch' | 'secretKey' | 'callbacks'>>;
  } = {},
): Promise<Harness> {
  const t = await createTestDatabase();
  const mediaRoot = opts.media ? await mkdtemp(path.join(os.tmpdir(), 'engine-media-')) : undefined;
  const store = mediaRoot ? new LocalMediaStore(mediaRoot) : undefined;
  const boss = await startBoss({ url: t.url, max: 6 });
  // Services these tests don't use: any call fails the step with a clear reason.
  const refuse = (what: string) => () => {
    throw new Error(`${what} is not part of this test`);
  };
  const notConfigured = (what: string) => () => new Proxy({}, { get: () => refuse(what) });
  const engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: process.env.ENGINE_TEST_LOG ?? 'silent' }),
    executors,
    media: store
      ? (workspaceId) => createWorkspaceMedia({ db: t.db, store, workspaceId, maxBytes: 10_000_000 })
      : (notConfigured('media') as never),
    infer: () => refuse('inference') as never,
    secrets: notConfigured('secrets') as never,
    fetch: refuse('fetch') as never,
    maxOutputBytes: 64 * 1024,
    ...opts.engine,
  });
  if (opts.start !== false) await engine.startWorkers({ batchSize: opts.batchSize ?? 8, pollingIntervalSeconds: 0.5 });
  const ws = await createWorkspace(t.db);
  return {
    t,
    boss,
    engine,
    workspaceId: ws.id,
    async publish(graph, o = {}) {
      const wf = await createWorkflow(t.db, { workspaceId: ws.id, graph });
      if (o.concurrencyLimit)
        await t.db.prisma.workflow.update({ where: { id: wf.id }, data: { concurrencyLimit: o.concurrencyLimit } });
      const v = await t.db.prisma.workflowVersion.create({
        data: { workflowId: wf.id, version: 1, graph: graph as object, graphHash: sha256Json(graph), published: true },
      });
      return { workflowId: wf.id, versionId: v.id };
    },
    async waitForRun(runId, statuses = ['succeeded', 'failed', 'canceled'], timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await t.db.pool.query<RunRow>('SELECT id, status, output, error FROM runs WHERE id = $1', [
          runId,
        ]);
        if (rows[0] && statuses.includes(rows[0].status)) return rows[0];
        if (Date.now() > deadline)
          throw new Error(`run ${runId} is ${rows[0]?.status}, not ${statuses.join('|')}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async steps(runId) {
      const { rows } = await t.db.pool.query<StepView & { node_id: string }>(
        `SELECT DISTINCT ON (node_id) node_id, status, attempt, outputs, inputs, error, fired_ports, dead_lettered_at
           FROM steps WHERE run_id = $1 ORDER BY node_id, round DESC`,
        [runId],
      );
      return Object.fromEntries(rows.map((r) => [r.node_id, r]));
    },
    media() {
      if (!store) throw new Error('createHarness({ media: true }) to use media');
      return createWorkspaceMedia({ db: t.db, store, workspaceId: ws.id, maxBytes: 10_000_000 });
    },
    async close() {
      await engine.stopWorkers().catch(() => {});
      await boss.stop({ graceful: false, wait: true } as never).catch(() => {});
      await t.drop();
      if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
    },
  };
}

export const node = (id: string, type: string, config: unknown = {}, policy?: GraphNode['policy']): GraphNode => ({
  id,
  type,
  typeVersion: 1,
  config,
  ...(policy ? { policy } : {}),
});
export const edge = (from: string, fromPort: string, to: string, toPort: string): GraphEdge => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/**
 * A run's audit events in order, each with the canonical form its hash covers, and whether
 * the chain verifies (auditChainValid, as the run page re-verifies it).
 */
export async function readAuditChain(db: TestDatabase['db'], runId: string) {
  const { rows } = await db.pool.query(
    'SELECT workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash FROM audit_events WHERE run_id = $1 ORDER BY id',
    [runId],
  );
  const chain = rows.map((e) => ({
    prev_hash: e.prev_hash as string | null,
    hash: e.hash as string,
    canonical: canonicalJson({
      workspaceId: e.workspace_id,
      runId: e.run_id,
      stepId: e.step_id,
      actorType: e.actor_type,
      actorId: e.actor_id,
      action: e.action,
      subjectType: e.subject_type,
      subjectId: e.subject_id,
      data: e.data,
    }),
  }));
  return { actions: rows.map((e) => e.action as string), chain, valid: auditChainValid(chain) };
}

/** Every succeeded step of these runs has exactly one attempt row (none settled twice). */
export async function attemptsPerSucceededStep(db: TestDatabase['db'], runIds: string[]) {
  const { rows } = await db.pool.query<{ attempts: number; steps: number; succeeded: number }>(
    `SELECT (SELECT count(*)::int FROM step_attempts a JOIN steps s ON s.id = a.step_id WHERE s.run_id = ANY($1::uuid[])) AS attempts,
            (SELECT count(DISTINCT a.step_id)::int FROM step_attempts a JOIN steps s ON s.id = a.step_id WHERE s.run_id = ANY($1::uuid[])) AS steps,
            (SELECT count(*)::int FROM steps WHERE run_id = ANY($1::uuid[]) AND status = 'succeeded') AS succeeded`,
    [runIds],
  );
  return rows[0]!;
}
