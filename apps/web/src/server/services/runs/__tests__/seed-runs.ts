import type { Db } from '@conveyor/db';
import { withTransaction } from '@conveyor/db';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { appendAudit } from '@conveyor/engine/server';

/**
 * Seeds runs as the engine leaves them — run, step and attempt rows with chosen timings,
 * hash-chained audit events written by the engine's own appendAudit — so the runs and
 * dashboard services can be checked against numbers known in advance.
 */

export const SHA = 'a'.repeat(64);

/** A small triage graph: ingest → detector + classifier → rule → human task. */
export const TRIAGE_GRAPH = {
  nodes: [
    { id: 'claim', type: 'ingest', typeVersion: 1, label: 'Claim photos', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'detect',
      type: 'detector',
      typeVersion: 1,
      label: 'Detect product',
      config: { minConfidence: 0.4 },
      position: { x: 1, y: 0 },
    },
    {
      id: 'classify',
      type: 'classifier',
      typeVersion: 1,
      label: 'Classify defect',
      config: {},
      position: { x: 2, y: 0 },
    },
    { id: 'route', type: 'rule', typeVersion: 1, label: 'Route by confidence', config: {}, position: { x: 3, y: 0 } },
    { id: 'review', type: 'human-task', typeVersion: 1, label: 'Review', config: {}, position: { x: 4, y: 0 } },
  ],
  edges: [
    { from: { node: 'claim', port: 'media' }, to: { node: 'detect', port: 'media' } },
    { from: { node: 'claim', port: 'media' }, to: { node: 'classify', port: 'media' } },
    { from: { node: 'detect', port: 'detections' }, to: { node: 'route', port: 'detections' } },
    { from: { node: 'classify', port: 'classification' }, to: { node: 'route', port: 'classification' } },
    { from: { node: 'route', port: 'review' }, to: { node: 'review', port: 'decision' } },
  ],
};

export async function seedWorkspace(db: Db, name = 'Warranty triage') {
  const workspace = await createWorkspace(db);
  const user = await createMember(db, workspace.id, 'editor', { name: 'Erin Editor' });
  const workflow = await createWorkflow(db, { workspaceId: workspace.id, name, graph: TRIAGE_GRAPH });
  const version = await createVersion(db, workflow.id, 1);
  return { workspace, user, workflow, version };
}

export async function createVersion(db: Db, workflowId: string, version: number, graph: unknown = TRIAGE_GRAPH) {
  return db.prisma.workflowVersion.create({
    data: {
      workflowId,
      version,
      graph: graph as object,
      graphHash: `${SHA.slice(0, 60)}${String(version).padStart(4, '0')}`,
      published: true,
    },
  });
}

export interface SeedStep {
  nodeId: string;
  nodeType: string;
  status: string;
  round?: number;
  /** Seconds after the run's creation. */
  startS?: number;
  endS?: number;
  outputs?: unknown;
  inputs?: unknown;
  error?: unknown;
  attempts?: { status: string; startS: number; endS: number; error?: unknown; meta?: unknown }[];
}

export interface SeedRun {
  workspaceId: string;
  workflowId: string;
  versionId: string;
  status: string;
  createdAt: Date;
  /** Seconds after creation; null leaves the column empty. */
  startS?: number | null;
  endS?: number | null;
  triggerKind?: string;
  isTest?: boolean;
  correlationKey?: string;
  error?: unknown;
  steps?: SeedStep[];
}

const at = (base: Date, s: number | null | undefined) => (s == null ? null : new Date(base.getTime() + s * 1000));

export async function seedRun(db: Db, r: SeedRun): Promise<{ runId: string; stepIds: Record<string, string> }> {
  return withTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO runs (workspace_id, workflow_id, workflow_version_id, status, trigger_kind, is_test, correlation_key, error, created_at, started_at, finished_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9) RETURNING id`,
      [
        r.workspaceId,
        r.workflowId,
        r.versionId,
        r.status,
        r.triggerKind ?? 'webhook',
        r.isTest ?? false,
        r.correlationKey ?? null,
        r.error === undefined ? null : JSON.stringify(r.error),
        r.createdAt,
        at(r.createdAt, r.startS === undefined ? 0 : r.startS),
        // Finished runs end 5 s after creation unless told otherwise.
        at(
          r.createdAt,
          r.endS === undefined ? (['succeeded', 'failed', 'canceled'].includes(r.status) ? 5 : null) : r.endS,
        ),
      ],
    );
    const runId = rows[0]!.id;
    await appendAudit(client, {
      workspaceId: r.workspaceId,
      runId,
      actorType: 'trigger',
      action: 'run.created',
      subjectType: 'run',
      subjectId: runId,
      data: { triggerKind: r.triggerKind ?? 'webhook' },
    });
    const stepIds: Record<string, string> = {};
    for (const s of r.steps ?? []) {
      const attempts =
        s.attempts ?? (s.startS != null ? [{ status: s.status, startS: s.startS, endS: s.endS ?? s.startS }] : []);
      const step = await client.query<{ id: string }>(
        `INSERT INTO steps (run_id, node_id, node_type, node_type_version, round, status, attempt, max_attempts, inputs, outputs, error, created_at, started_at, finished_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, 3, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          runId,
          s.nodeId,
          s.nodeType,
          s.round ?? 0,
          s.status,
          Math.max(attempts.length, 1),
          s.inputs === undefined ? null : JSON.stringify(s.inputs),
          s.outputs === undefined ? null : JSON.stringify(s.outputs),
          s.error === undefined ? null : JSON.stringify(s.error),
          r.createdAt,
          at(r.createdAt, s.startS),
          at(r.createdAt, s.endS),
        ],
      );
      const stepId = step.rows[0]!.id;
      stepIds[`${s.nodeId}${s.round ? `#${s.round}` : ''}`] = stepId;
      for (const [i, a] of attempts.entries()) {
        await client.query(
          `INSERT INTO step_attempts (step_id, attempt, status, worker_id, error, meta, started_at, finished_at)
           VALUES ($1, $2, $3, 'worker-1', $4, $5, $6, $7)`,
          [
            stepId,
            i + 1,
            a.status,
            a.error === undefined ? null : JSON.stringify(a.error),
            a.meta === undefined ? null : JSON.stringify(a.meta),
            at(r.createdAt, a.startS),
            at(r.createdAt, a.endS),
          ],
        );
      }
      if (s.status === 'succeeded' || s.status === 'failed') {
        await appendAudit(client, {
          workspaceId: r.workspaceId,
          runId,
          stepId,
          actorType: 'system',
          action: `step.${s.status}`,
          subjectType: 'step',
          subjectId: stepId,
          data: { nodeId: s.nodeId, nodeType: s.nodeType },
        });
      }
    }
    if (['succeeded', 'failed', 'canceled'].includes(r.status)) {
      await appendAudit(client, {
        workspaceId: r.workspaceId,
        runId,
        actorType: 'system',
        action: `run.${r.status}`,
        subjectType: 'run',
        subjectId: runId,
      });
    }
    return { runId, stepIds };
  });
}

/** A review task on a step, optionally decided (override = the human disagreed with the model). */
export async function seedTask(
  db: Db,
  t: {
    workspaceId: string;
    workflowId: string;
    runId: string;
    stepId: string;
    status?: string;
    decision?: { action: string; override: boolean; decidedById: string; decidedAt: Date; reasonCode?: string };
  },
) {
  const task = await db.prisma.humanTask.create({
    data: {
      workspaceId: t.workspaceId,
      workflowId: t.workflowId,
      runId: t.runId,
      stepId: t.stepId,
      nodeId: 'review',
      title: 'Review claim',
      status: (t.status ?? (t.decision ? 'done' : 'open')) as never,
      evidence: {},
      ...(t.decision ? { completedAt: t.decision.decidedAt } : {}),
    },
  });
  if (t.decision) {
    await db.prisma.decision.create({
      data: {
        taskId: task.id,
        action: t.decision.action as never,
        override: t.decision.override,
        decidedById: t.decision.decidedById,
        decidedAt: t.decision.decidedAt,
        reasonCode: t.decision.reasonCode ?? null,
      },
    });
  }
  return task;
}

export const classification = (version: string, score: number, label = score >= 0.5 ? 'defect' : 'ok') => ({
  classification: {
    model: { name: 'defect-classifier', version },
    label,
    score,
    scores: { defect: label === 'defect' ? score : 1 - score, ok: label === 'ok' ? score : 1 - score },
  },
});

export const detections = (version: string, scores: number[]) => ({
  detections: {
    model: { name: 'coco-detector', version },
    items: scores.map((score, i) => ({
      mediaId: `m${i}`,
      label: 'cell phone',
      score,
      box: { x: 0.1, y: 0.1, width: 0.5, height: 0.5 },
    })),
  },
});
