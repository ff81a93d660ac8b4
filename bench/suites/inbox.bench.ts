import pg from 'pg';
import pino from 'pino';
import { z } from 'zod';
import { createDb } from '@conveyor/db';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { createEngine, INBOX_CHANNEL, sha256Json, startBoss } from '@conveyor/engine/server';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor, getNodeExecutor } from '@conveyor/nodes/server';
import { listTasks } from '../../apps/web/src/server/services/inbox/list-tasks.ts';
import { decideTask } from '../../apps/web/src/server/services/inbox/decide-task.ts';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';
import { waitUntil } from '../lib/engine-harness.ts';

const TASKS = Number(process.env.BENCH_INBOX_TASKS ?? 200);

/** When the human-task executor handed its suspension back, and when the step after it began. */
const suspendedAt = new Map<string, number>();
const nextStartedAt = new Map<string, number>();

const entryDef = defineNode({
  type: 'bench-claim',
  version: 1,
  title: 'Claim',
  category: 'input',
  description: 'emits a claim with one photo reference',
  entry: true,
  config: z.object({}),
  inputs: { input: { type: 'any' } },
  outputs: { media: { type: 'media[]' }, classification: { type: 'classification' } },
});
const entry = defineExecutor(entryDef, async (ctx) => ({
  outputs: {
    media: [{ mediaId: ctx.runId, sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 1 }],
    classification: {
      model: { name: 'defect-classifier', version: '1.0.0' },
      label: 'defect',
      score: 0.6,
      scores: { defect: 0.6 },
    },
  },
}));
const afterDef = defineNode({
  type: 'bench-after',
  version: 1,
  title: 'After review',
  category: 'output',
  description: 'marks when the step after the review starts',
  config: z.object({}),
  inputs: { decision: { type: 'decision', required: true } },
  outputs: {},
});
const after = defineExecutor(afterDef, async (ctx) => {
  nextStartedAt.set(ctx.runId, performance.now());
  return { outputs: {} };
});
const human = getNodeExecutor('human-task', 1)!;
const timedHuman = defineExecutor(human.definition, async (ctx, inputs) => {
  const result = await human.execute(ctx as never, inputs as never);
  if (!ctx.resume) suspendedAt.set(ctx.runId, performance.now());
  return result;
});

// (a) visible: the human-task step suspends → the open inbox (a LISTEN on the inbox
// channel, as the web's event stream does) is told and its list query returns the task.
// (b) resume: a reviewer's decision (decideTask: decision, labels, resume in one
// transaction) → the step after the review starts in the runner.
const suite: BenchSuite = {
  name: 'inbox',
  description: `review task visible in an open inbox, and decision → next step, over ${TASKS} tasks`,
  async run({ server, log }) {
    const database = await server.createDatabase();
    const db = createDb({ url: database.url, max: 20, applicationName: 'conveyor-bench-inbox' });
    const boss = await startBoss({ url: database.url, max: 10 });
    const engine = createEngine({
      db,
      boss,
      logger: pino({ level: 'silent' }),
      executors: [entry, after, timedHuman],
      media: (() => {
        throw new Error('unused');
      }) as never,
      infer: (() => {
        throw new Error('unused');
      }) as never,
      secrets: (() => ({ get: async () => 'unused' })) as never,
      fetch: (() => {
        throw new Error('unused');
      }) as never,
    });
    await engine.startWorkers({ batchSize: 16, pollingIntervalSeconds: 1 });
    const ws = await createWorkspace(db);
    const reviewer = await createMember(db, ws.id, 'reviewer');
    const graph = {
      nodes: [
        { id: 'claim', type: 'bench-claim', typeVersion: 1, config: {} },
        { id: 'review', type: 'human-task', typeVersion: 1, config: { noSelfApproval: false } },
        { id: 'after', type: 'bench-after', typeVersion: 1, config: {} },
      ],
      edges: [
        { from: { node: 'claim', port: 'media' }, to: { node: 'review', port: 'media' } },
        { from: { node: 'claim', port: 'classification' }, to: { node: 'review', port: 'classification' } },
        { from: { node: 'review', port: 'approve' }, to: { node: 'after', port: 'decision' } },
      ],
    };
    const wf = await createWorkflow(db, { workspaceId: ws.id, graph });
    const version = await db.prisma.workflowVersion.create({
      data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
    });

    // The open inbox: one LISTEN, and on each notification the inbox's own list query.
    const visibleAt = new Map<string, number>();
    const taskOfRun = new Map<string, string>();
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    let refreshing = false;
    let again = false;
    const refresh = async () => {
      if (refreshing) {
        again = true;
        return;
      }
      refreshing = true;
      do {
        again = false;
        const page = await listTasks({
          db,
          workspaceId: ws.id,
          userId: reviewer.id,
          input: { view: 'all', limit: 200 },
        });
        const now = performance.now();
        for (const t of page.items) {
          if (!visibleAt.has(t.runId)) {
            visibleAt.set(t.runId, now);
            taskOfRun.set(t.runId, t.id);
          }
        }
      } while (again);
      refreshing = false;
    };
    listener.on('notification', (n) => n.channel === INBOX_CHANNEL && void refresh());
    await listener.query(`LISTEN ${INBOX_CHANNEL}`);

    // Tasks arrive one at a time at a steady pace (not a burst), as claims do.
    const runIds: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const { runId } = await engine.startRun({
        workspaceId: ws.id,
        workflowId: wf.id,
        workflowVersionId: version.id,
        input: { i },
      });
      runIds.push(runId);
      await waitUntil(async () => visibleAt.has(runId), 10_000);
    }
    const visible = runIds.map((id) => visibleAt.get(id)! - suspendedAt.get(id)!);
    log(`visible: p50 ${round(percentile(visible, 50))} ms, p99 ${round(percentile(visible, 99))} ms`);

    // Decisions one after another, each timed from the click to the next step's start.
    const resume: number[] = [];
    for (const runId of runIds) {
      const t0 = performance.now();
      await decideTask({
        db,
        engine,
        workspaceId: ws.id,
        taskId: taskOfRun.get(runId)!,
        userId: reviewer.id,
        input: { action: 'approve' },
      });
      await waitUntil(async () => nextStartedAt.has(runId), 10_000);
      resume.push(nextStartedAt.get(runId)! - t0);
    }
    log(`resume: p50 ${round(percentile(resume, 50))} ms, p99 ${round(percentile(resume, 99))} ms`);

    await listener.end();
    await engine.stopWorkers();
    await boss.stop({ graceful: false });
    await db.close();
    await database.drop();
    return {
      visible_p50_ms: round(percentile(visible, 50)),
      visible_p99_ms: round(percentile(visible, 99)),
      resume_p50_ms: round(percentile(resume, 50)),
      resume_p99_ms: round(percentile(resume, 99)),
      tasks: TASKS,
    };
  },
};

export default suite;
