import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withTransaction } from '@conveyor/db';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor, getNodeExecutor } from '@conveyor/nodes/server';
import { escalateTask } from '../inbox-timers.ts';
import { createHarness, edge, node, type Harness } from './harness.ts';
import { source } from './test-nodes.ts';

// A stand-in model: how many photos it saw, so a re-run on more photos is visible.
const countDef = defineNode({
  type: 'test-count-media',
  version: 1,
  title: 'Count media',
  category: 'logic',
  description: 'counts the media it is given',
  config: z.object({}),
  inputs: { media: { type: 'any', required: true } },
  outputs: { out: { type: 'any' } },
});
const count = defineExecutor(countDef, async (_ctx, inputs) => ({
  outputs: { out: { count: (inputs.media as unknown[]).length } },
}));

const ref = (n: number) => ({
  mediaId: `m${n}`,
  sha256: String(n).repeat(64).slice(0, 64),
  contentType: 'image/png',
  size: 10,
});

let h: Harness;
beforeAll(async () => {
  h = await createHarness([source, count, getNodeExecutor('human-task', 1)!]);
});
afterAll(async () => h?.close());

const graph = (review: Record<string, unknown> = {}) => ({
  nodes: [node('claim', 'test-source'), node('count', 'test-count-media'), node('review', 'human-task', review)],
  edges: [
    edge('claim', 'out', 'count', 'media'),
    edge('claim', 'out', 'review', 'media'),
    edge('count', 'out', 'review', 'record'),
  ],
});

async function startWaiting(review: Record<string, unknown> = {}) {
  const wf = await h.publish(graph(review));
  const { runId } = await h.engine.startRun({
    workspaceId: h.workspaceId,
    workflowId: wf.workflowId,
    workflowVersionId: wf.versionId,
    input: [ref(1)],
  });
  await h.waitForRun(runId, ['waiting']);
  const task = await h.t.db.pool.query<{ id: string; step_id: string }>(
    'SELECT id, step_id FROM human_tasks WHERE run_id = $1',
    [runId],
  );
  return { runId, taskId: task.rows[0]!.id, stepId: task.rows[0]!.step_id };
}

async function requestEvidence(stepId: string, expiresAt: Date) {
  const requestId = crypto.randomUUID();
  await withTransaction(h.t.db, async (c) => {
    const { rows } = await c.query<{ run_id: string; id: string }>(
      'SELECT run_id, id FROM human_tasks WHERE step_id = $1',
      [stepId],
    );
    await c.query(`UPDATE human_tasks SET status = 'done' WHERE step_id = $1`, [stepId]);
    await c.query(
      `INSERT INTO evidence_requests (id, run_id, task_id, round, token_hash, expires_at) VALUES ($1, $2, $3, 1, $4, $5)`,
      [requestId, rows[0]!.run_id, rows[0]!.id, requestId, expiresAt],
    );
    await h.engine.awaitEvidence(c, { stepId, requestId, expiresAt });
  });
  return requestId;
}

describe('evidence rounds', () => {
  it('new media re-run every step upstream of the review in the same run, and the review reopens', async () => {
    const { runId, stepId } = await startWaiting();
    const requestId = await requestEvidence(stepId, new Date(Date.now() + 3_600_000));
    // Only one caller can move the review from its task to the evidence wait.
    await expect(
      withTransaction(h.t.db, (c) =>
        h.engine.awaitEvidence(c, { stepId, requestId, expiresAt: new Date(Date.now() + 60_000) }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });

    const { round } = await withTransaction(h.t.db, (c) =>
      h.engine.submitEvidence(c, { stepId, requestId, media: [ref(2)] }),
    );
    expect(round).toBe(1);
    await h.waitForRun(runId, ['waiting']);
    const steps = await h.t.db.pool.query<{ node_id: string; round: number; status: string; outputs: unknown }>(
      'SELECT node_id, round, status, outputs FROM steps WHERE run_id = $1 ORDER BY node_id, round',
      [runId],
    );
    expect(steps.rows.map((s) => `${s.node_id}:${s.round}:${s.status}`)).toEqual([
      'claim:0:succeeded',
      'claim:1:succeeded',
      'count:0:succeeded',
      'count:1:succeeded',
      'review:0:succeeded',
      'review:1:waiting',
    ]);
    expect(steps.rows.find((s) => s.node_id === 'count' && s.round === 1)!.outputs).toEqual({ out: { count: 2 } });
    const tasks = await h.t.db.pool.query<{ round: number; status: string; evidence: { record: unknown } }>(
      'SELECT round, status, evidence FROM human_tasks WHERE run_id = $1 ORDER BY round',
      [runId],
    );
    expect(tasks.rows.map((t) => `${t.round}:${t.status}`)).toEqual(['0:done', '1:open']);
    expect(tasks.rows[1]!.evidence.record).toEqual({ count: 2 });
    // The same request cannot start a second round.
    await expect(
      withTransaction(h.t.db, (c) => h.engine.submitEvidence(c, { stepId, requestId, media: [ref(3)] })),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an evidence request that lapses fires the Timeout port', async () => {
    const { runId, stepId } = await startWaiting();
    await requestEvidence(stepId, new Date(Date.now() + 500));
    await h.waitForRun(runId, ['succeeded']);
    const review = (await h.steps(runId)).review!;
    expect(review.fired_ports).toEqual(['timeout']);
    expect(review.outputs).toMatchObject({ timeout: { reasonCode: 'evidence-not-received' } });
  });
});

describe('escalation', () => {
  it('raises priority and hands an open task to the next member of a round-robin group, once', async () => {
    const seniors = await h.t.db.prisma.reviewGroup.create({
      data: { workspaceId: h.workspaceId, name: 'seniors', assignment: 'round_robin' },
    });
    const { createMember } = await import('@conveyor/db/factories');
    const a = await createMember(h.t.db, h.workspaceId, 'reviewer');
    const b = await createMember(h.t.db, h.workspaceId, 'reviewer');
    await h.t.db.prisma.reviewGroupMember.createMany({
      data: [
        { groupId: seniors.id, userId: a.id, lastAssignedAt: new Date(Date.now() - 1000) },
        { groupId: seniors.id, userId: b.id, lastAssignedAt: null },
      ],
    });
    const { taskId } = await startWaiting({ escalation: { afterMinutes: 600, toGroup: 'seniors', priorityBump: 2 } });
    expect(await escalateTask(h.engine.resources, taskId)).toBe(true);
    expect(await escalateTask(h.engine.resources, taskId)).toBe(false);
    const task = await h.t.db.pool.query(
      'SELECT priority, escalation_level, group_id, assignee_id FROM human_tasks WHERE id = $1',
      [taskId],
    );
    expect(task.rows[0]).toEqual({ priority: 2, escalation_level: 1, group_id: seniors.id, assignee_id: b.id });
    const audit = await h.t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'task.escalated'`,
      [taskId],
    );
    expect(audit.rows[0].n).toBe(1);
  });
});
