import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import type { PgBoss } from 'pg-boss';
import type { Role } from '@conveyor/db';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import {
  LocalMediaStore,
  createEngine,
  createGuardedFetch,
  createSecretStore,
  createWorkspaceMedia,
  sha256Json,
  signPayload,
  startBoss,
  type Engine,
  type GuardedFetchOptions,
} from '@conveyor/engine/server';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor, suspend, type NodeExecutor } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { createApiToken } from '../../services/api-tokens/create-api-token.ts';
import { createTrigger } from '../../services/triggers/create-trigger.ts';
import type { TriggerSettings } from '../../services/triggers/trigger-settings.ts';
import { serveFetchHandler, type RunningServer } from '../node-http-adapter.ts';
import { TokenBuckets } from '../rate-limiter.ts';
import { DEFAULT_REST_LIMITS, type RestContext, type RestLimits } from '../rest-context.ts';
import { createRestHandler } from '../rest-router.ts';
import { createRunWaiter } from '../run-waiter.ts';

// Executors for the REST tests: an entry node that passes the run input on, one that adds.
const echoDef = defineNode({
  type: 'rest-echo',
  version: 1,
  title: 'Echo',
  category: 'input',
  description: 'emits the run input',
  entry: true,
  config: z.object({}),
  inputs: { input: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
const echo = defineExecutor(echoDef, async (_ctx, inputs) => ({ outputs: { out: inputs.input ?? null } }));
const stampDef = defineNode({
  type: 'rest-stamp',
  version: 1,
  title: 'Stamp',
  category: 'logic',
  description: 'adds a field',
  config: z.object({ key: z.string() }),
  inputs: { in: { type: 'any', required: true } },
  outputs: { out: { type: 'any' } },
});
const stamp = defineExecutor(stampDef, async (ctx, inputs) => ({
  outputs: { out: { ...(inputs.in as object), [ctx.config.key]: true } },
}));
const waitDef = defineNode({
  type: 'rest-review',
  version: 1,
  title: 'Review',
  category: 'human',
  description: 'waits for a decision',
  config: z.object({}),
  inputs: { in: { type: 'any' } },
  outputs: { approve: { type: 'any' }, reject: { type: 'any' } },
});
const review = defineExecutor(waitDef, async (ctx, inputs) => {
  if (!ctx.resume) return suspend({ kind: 'task', task: { title: 'Review this', evidence: { input: inputs.in } } });
  const decision = ctx.resume.payload as { action: 'approve' | 'reject' };
  return { outputs: { [decision.action]: decision }, firedPorts: [decision.action] };
});

export const threeNodeGraph = {
  nodes: [
    { id: 'in', type: 'rest-echo', typeVersion: 1, config: {} },
    { id: 'a', type: 'rest-stamp', typeVersion: 1, config: { key: 'checked' } },
    { id: 'b', type: 'rest-stamp', typeVersion: 1, config: { key: 'routed' } },
  ],
  edges: [
    { from: { node: 'in', port: 'out' }, to: { node: 'a', port: 'in' } },
    { from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } },
  ],
};

export interface RestHarness {
  t: TestDatabase;
  boss: PgBoss;
  engine: Engine;
  ctx: RestContext;
  server: RunningServer;
  url: string;
  workspaceId: string;
  mediaRoot: string;
  publish(
    graph?: unknown,
    opts?: { backlogLimit?: number; published?: boolean },
  ): Promise<{ workflowId: string; versionId: string }>;
  trigger(
    workflowId: string,
    o?: { settings?: Partial<TriggerSettings>; callbackUrl?: string },
  ): Promise<{ id: string; secret: string; url: string }>;
  sign(secret: string, body: string | Uint8Array, at?: Date): string;
  /** An API token of `role` in the harness workspace, made by a new member (or `userId`) of that role. */
  apiToken(
    role: Role,
    o?: { name?: string; userId?: string },
  ): Promise<{ token: string; tokenId: string; userId: string }>;
  counts(): Promise<{ runs: number; media: number; idempotency: number; signatures: number; blobs: number }>;
  close(): Promise<void>;
}

export async function startRestHarness(
  o: {
    limits?: Partial<RestLimits>;
    fetch?: GuardedFetchOptions;
    workers?: boolean;
    /** Executors besides the REST test nodes (e.g. the real human-task node). */
    executors?: NodeExecutor[];
  } = {},
): Promise<RestHarness> {
  const t = await createTestDatabase();
  const secretKey = randomBytes(32);
  const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'rest-media-'));
  const store = new LocalMediaStore(mediaRoot);
  const boss = await startBoss({ url: t.url, max: 6 });
  const fetch = createGuardedFetch({ timeoutMs: 5000, ...o.fetch });
  const refuse = () => {
    throw new Error('not part of this test');
  };
  const engine = createEngine({
    db: t.db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [echo, stamp, review, ...(o.executors ?? [])],
    media: (workspaceId) => createWorkspaceMedia({ db: t.db, store, workspaceId, maxBytes: 10_000_000 }),
    infer: refuse as never,
    // Workspace credentials, as the runner reads them (e.g. to sign an evidence request).
    secrets: (workspaceId) => createSecretStore(t.db, secretKey, workspaceId),
    fetch,
    secretKey,
  });
  if (o.workers !== false) await engine.startWorkers({ pollingIntervalSeconds: 0.5 });
  else {
    const { ensureQueues } = await import('@conveyor/engine/server');
    await ensureQueues(boss);
  }
  const waiter = createRunWaiter(t.db, { pollMs: 1000 });
  const ctx: RestContext = {
    db: t.db,
    engine,
    store,
    fetch,
    secretKey,
    waiter,
    buckets: new TokenBuckets(),
    limits: { ...DEFAULT_REST_LIMITS, bodyIdleTimeoutMs: 1500, triggerCacheMs: 0, ...o.limits },
    log: (error) => console.error('rest handler error', error),
  };
  const server = await serveFetchHandler(createRestHandler(ctx));
  const ws = await createWorkspace(t.db);
  let versions = 0;
  return {
    t,
    boss,
    engine,
    ctx,
    server,
    url: server.url,
    workspaceId: ws.id,
    mediaRoot,
    async publish(graph = threeNodeGraph, p = {}) {
      const wf = await createWorkflow(t.db, { workspaceId: ws.id, graph });
      if (p.backlogLimit !== undefined)
        await t.db.prisma.workflow.update({ where: { id: wf.id }, data: { backlogLimit: p.backlogLimit } });
      versions += 1;
      const v = await t.db.prisma.workflowVersion.create({
        data: {
          workflowId: wf.id,
          version: 1,
          graph: graph as object,
          graphHash: sha256Json(graph) + versions,
          published: p.published ?? true,
        },
      });
      return { workflowId: wf.id, versionId: v.id };
    },
    async trigger(workflowId, p = {}) {
      const { trigger, secret } = await createTrigger(
        { db: t.db, secretKey },
        { workspaceId: ws.id, workflowId, name: 'test hook', settings: p.settings, callbackUrl: p.callbackUrl },
      );
      return { id: trigger.id, secret, url: `${server.url}${trigger.path}` };
    },
    sign: (secret, body, at) => signPayload(secret, body, at),
    async apiToken(role, p = {}) {
      const userId = p.userId ?? (await createMember(t.db, ws.id, role)).id;
      const made = await createApiToken(
        { db: t.db },
        { workspaceId: ws.id, name: p.name ?? role, role, createdById: userId },
      );
      return { token: made.token, tokenId: made.apiToken.id, userId };
    },
    async counts() {
      const { rows } = await t.db.pool.query<{ runs: number; media: number; idempotency: number; signatures: number }>(
        `SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM media_objects) AS media,
                (SELECT count(*)::int FROM idempotency_keys) AS idempotency,
                (SELECT count(*)::int FROM seen_signatures) AS signatures`,
      );
      return { ...rows[0]!, blobs: await countFiles(mediaRoot) };
    },
    async close() {
      await server.close();
      await waiter.close();
      await engine.stopWorkers().catch(() => {});
      await boss.stop({ graceful: false, wait: true } as never).catch(() => {});
      await fetch.close();
      await t.drop();
      await rm(mediaRoot, { recursive: true, force: true });
    },
  };
}

/** Files in the media store (bytes left behind show up here, temp files included). */
async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) n += 1;
  return n;
}
