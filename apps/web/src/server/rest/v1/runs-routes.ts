import { z } from 'zod';
import { RunStateError } from '@conveyor/engine/server';
import { listRunDeliveries } from '../../services/callbacks/list-run-deliveries.ts';
import { problem } from '../problem.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { iso, limitQuery, runDetailSchema, type runStatusEnum, runSummarySchema } from './common-schemas.ts';
import { defineRoute } from './define-route.ts';
import type { RestContext } from '../rest-context.ts';

interface RunRow {
  id: string;
  status: z.infer<typeof runStatusEnum>;
  workflow_id: string;
  workflow_version_id: string;
  trigger_id: string | null;
  trigger_kind: 'webhook' | 'schedule' | 'manual' | 'api';
  correlation_key: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const RUN_COLUMNS = `id, status, workflow_id, workflow_version_id, trigger_id, trigger_kind, correlation_key,
  created_at, started_at, finished_at`;

const summary = (r: RunRow) => ({
  id: r.id,
  status: r.status,
  workflowId: r.workflow_id,
  workflowVersionId: r.workflow_version_id,
  triggerId: r.trigger_id,
  triggerKind: r.trigger_kind,
  correlationKey: r.correlation_key,
  createdAt: r.created_at.toISOString(),
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});

const runCursor = (v: unknown): v is { t: string; id: string } =>
  !!v && typeof (v as { t?: unknown }).t === 'string' && typeof (v as { id?: unknown }).id === 'string';

export const runIdParams = z.object({ runId: z.uuid() });

export async function loadRunDetail(ctx: RestContext, workspaceId: string, runId: string) {
  const { rows } = await ctx.db.pool.query<RunRow & { input: unknown; output: unknown; error: unknown }>(
    `SELECT ${RUN_COLUMNS}, input, output, error FROM runs WHERE id = $1 AND workspace_id = $2`,
    [runId, workspaceId],
  );
  const run = rows[0];
  if (!run) throw problem('not-found', 'No run with this id in the token’s workspace');
  const [steps, deliveries] = await Promise.all([
    ctx.db.pool.query<{
      node_id: string;
      node_type: string;
      round: number;
      status: 'pending';
      attempt: number;
      started_at: Date | null;
      finished_at: Date | null;
    }>(
      `SELECT node_id, node_type, round, status, attempt, started_at, finished_at FROM steps
        WHERE run_id = $1 ORDER BY created_at, node_id, round`,
      [runId],
    ),
    listRunDeliveries(ctx, { workspaceId, runId }),
  ]);
  return {
    ...summary(run),
    input: run.input,
    output: run.output ?? null,
    error: run.error ?? null,
    steps: steps.rows.map((s) => ({
      nodeId: s.node_id,
      nodeType: s.node_type,
      round: s.round,
      status: s.status,
      attempt: s.attempt,
      startedAt: iso(s.started_at),
      finishedAt: iso(s.finished_at),
    })),
    deliveries: deliveries.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
  };
}

export const runRoutes = [
  defineRoute({
    method: 'get',
    path: '/runs',
    operationId: 'listRuns',
    summary: 'List runs, newest first',
    tags: ['runs'],
    permission: 'run:read',
    query: z.object({
      status: z
        .string()
        .regex(
          /^(queued|running|waiting|succeeded|failed|canceled)(,(queued|running|waiting|succeeded|failed|canceled))*$/,
        )
        .optional()
        .meta({ description: 'Comma-separated statuses, e.g. succeeded,failed' }),
      workflowId: z.uuid().optional(),
      triggerId: z.uuid().optional(),
      correlationKey: z.string().max(200).optional(),
      createdAfter: z.iso.datetime({ offset: true }).optional(),
      createdBefore: z.iso.datetime({ offset: true }).optional(),
      limit: limitQuery,
      cursor: z.string().max(500).optional().meta({ description: 'nextCursor of the previous page' }),
    }),
    response: {
      status: 200,
      description: 'A page of runs',
      schema: z.object({ data: z.array(runSummarySchema), nextCursor: z.string().nullable() }).meta({ id: 'RunPage' }),
    },
    problems: ['validation-failed', 'invalid-cursor'],
    example: { query: { status: 'succeeded,failed', limit: '10' } },
    async handle({ ctx, principal, query }) {
      const params: unknown[] = [principal.workspaceId];
      const where = ['workspace_id = $1'];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (query.status) add('status = ANY(?::"RunStatus"[])', query.status.split(','));
      if (query.workflowId) add('workflow_id = ?', query.workflowId);
      if (query.triggerId) add('trigger_id = ?', query.triggerId);
      if (query.correlationKey) add('correlation_key = ?', query.correlationKey);
      if (query.createdAfter) add('created_at >= ?', query.createdAfter);
      if (query.createdBefore) add('created_at < ?', query.createdBefore);
      if (query.cursor) {
        const c = decodeCursor(query.cursor, runCursor);
        params.push(c.t, c.id);
        where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(query.limit + 1);
      const { rows } = await ctx.db.pool.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE ${where.join(' AND ')}
          ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        data: page.map(summary),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor({ t: last.created_at.toISOString(), id: last.id }) : null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/runs/{runId}',
    operationId: 'getRun',
    summary: 'A run with its steps, output and callback deliveries',
    tags: ['runs'],
    permission: 'run:read',
    params: runIdParams,
    response: { status: 200, description: 'The run', schema: runDetailSchema },
    problems: ['not-found', 'validation-failed'],
    example: { params: { runId: '00000000-0000-4000-8000-000000000000' } },
    handle: ({ ctx, principal, params }) => loadRunDetail(ctx, principal.workspaceId, params.runId),
  }),
  defineRoute({
    method: 'post',
    path: '/runs/{runId}/cancel',
    operationId: 'cancelRun',
    summary: 'Cancel a queued, running or waiting run',
    tags: ['runs'],
    permission: 'run:cancel',
    params: runIdParams,
    response: { status: 200, description: 'The canceled run', schema: runDetailSchema },
    problems: ['not-found', 'conflict', 'validation-failed'],
    example: { params: { runId: '00000000-0000-4000-8000-000000000000' } },
    async handle({ ctx, principal, params }) {
      const { rowCount } = await ctx.db.pool.query('SELECT 1 FROM runs WHERE id = $1 AND workspace_id = $2', [
        params.runId,
        principal.workspaceId,
      ]);
      if (!rowCount) throw problem('not-found', 'No run with this id in the token’s workspace');
      try {
        await ctx.engine.cancelRun(params.runId, { type: 'api_token', id: principal.tokenId });
      } catch (error) {
        if (error instanceof RunStateError) throw problem('conflict', error.message);
        throw error;
      }
      return loadRunDetail(ctx, principal.workspaceId, params.runId);
    },
  }),
];
