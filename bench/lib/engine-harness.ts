import pino from 'pino';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { createDb, type Db } from '@conveyor/db';
import { createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor } from '@conveyor/nodes/server';
import { createEngine, sha256Json, startBoss, type Engine } from '@conveyor/engine/server';

/** Timestamps of executor entry/exit per run and node, for hop latency. */
export const marks = new Map<string, { enter: number; exit: number }>();

const passDef = defineNode({
  type: 'bench-pass',
  version: 1,
  title: 'Pass',
  category: 'logic',
  description: 'passes its input on',
  entry: true,
  config: z.object({}),
  inputs: { in: { type: 'any' }, input: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
export const pass = defineExecutor(passDef, async (ctx, inputs) => {
  const enter = performance.now();
  const out = { outputs: { out: inputs.in ?? inputs.input ?? null } };
  marks.set(`${ctx.runId}:${ctx.nodeId}`, { enter, exit: performance.now() });
  return out;
});

export function linearGraph(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'bench-pass', typeVersion: 1, config: {} }));
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ from: { node: `n${i}`, port: 'out' }, to: { node: node.id, port: 'in' } }));
  return { nodes, edges };
}

export interface EngineBench {
  db: Db;
  boss: PgBoss;
  engine: Engine;
  workspaceId: string;
  publish(graph: unknown): Promise<{ workflowId: string; versionId: string }>;
  close(): Promise<void>;
}

export async function engineBench(url: string): Promise<EngineBench> {
  const db = createDb({ url, max: 20, applicationName: 'conveyor-bench', asyncCommit: true });
  const boss = await startBoss({ url, max: 10, asyncCommit: true });
  const refuse = () => {
    throw new Error('not used in the benchmark');
  };
  const engine = createEngine({
    db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [pass],
    media: refuse as never,
    infer: refuse as never,
    secrets: refuse as never,
    fetch: refuse as never,
  });
  const ws = await createWorkspace(db);
  return {
    db,
    boss,
    engine,
    workspaceId: ws.id,
    async publish(graph) {
      const wf = await createWorkflow(db, { workspaceId: ws.id, graph });
      const v = await db.prisma.workflowVersion.create({
        data: { workflowId: wf.id, version: 1, graph: graph as object, graphHash: sha256Json(graph), published: true },
      });
      return { workflowId: wf.id, versionId: v.id };
    },
    async close() {
      await engine.stopWorkers().catch(() => {});
      await boss.stop({ graceful: false }).catch(() => {});
      await db.close();
    },
  };
}

export async function waitUntil(fn: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
