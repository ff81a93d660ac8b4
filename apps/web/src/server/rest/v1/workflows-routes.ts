import { z } from 'zod';
import { parsePreferWait } from '../prefer.ts';
import { problem } from '../problem.ts';
import { iso, runDetailSchema } from './common-schemas.ts';
import { defineRoute } from './define-route.ts';
import { hashBody, IDEMPOTENCY_KEY, readIdempotencyKey, startRunOnce } from './idempotent-start.ts';
import { loadRunDetail } from './runs-routes.ts';

const workflowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    publishedVersion: z.number().int().nullable().meta({ description: 'Newest published version; null if none' }),
    publishedVersionId: z.uuid().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Workflow' });

export const workflowRoutes = [
  defineRoute({
    method: 'get',
    path: '/workflows',
    operationId: 'listWorkflows',
    summary: 'Workflows of the workspace, with their newest published version',
    tags: ['workflows'],
    permission: 'workflow:read',
    response: {
      status: 200,
      description: 'Every workflow',
      schema: z.object({ data: z.array(workflowSchema) }).meta({ id: 'WorkflowList' }),
    },
    problems: [],
    example: {},
    async handle({ ctx, principal }) {
      const { rows } = await ctx.db.pool.query<{
        id: string;
        name: string;
        description: string;
        updated_at: Date;
        version: number | null;
        version_id: string | null;
      }>(
        `SELECT w.id, w.name, w.description, w.updated_at, v.version, v.id AS version_id
           FROM workflows w
           LEFT JOIN LATERAL (SELECT id, version FROM workflow_versions
                               WHERE workflow_id = w.id AND published ORDER BY version DESC LIMIT 1) v ON true
          WHERE w.workspace_id = $1 AND w.deleted_at IS NULL ORDER BY w.name, w.id`,
        [principal.workspaceId],
      );
      return {
        data: rows.map((r) => ({
          id: r.id,
          name: r.name,
          description: r.description,
          publishedVersion: r.version,
          publishedVersionId: r.version_id,
          updatedAt: iso(r.updated_at)!,
        })),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/workflows/{workflowId}/runs',
    operationId: 'startRun',
    summary: 'Start a run on the newest published version',
    description: [
      'Answers 202 with the run and a Location header. With `Prefer: wait=N` (N ≤ 60) the answer waits up to N seconds and is 200 once the run has finished.',
      'With `Idempotency-Key` a retry is safe: for 24 h the same key (per workspace) with the same body and workflow answers with the first run and `Idempotent-Replayed: true`;',
      'the same key with another body or workflow is 422 `idempotency-key-reused` with the first `runId`.',
    ].join(' '),
    tags: ['workflows', 'runs'],
    permission: 'run:start',
    params: z.object({ workflowId: z.uuid() }),
    body: z
      .object({
        input: z
          .record(z.string(), z.unknown())
          .default({})
          .meta({ description: 'The case record (and media references)' }),
        correlationKey: z.string().min(1).max(200).optional().meta({ description: 'e.g. the claim number' }),
      })
      .meta({ id: 'StartRunInput' }),
    headers: z.object({
      'idempotency-key': z.string().regex(IDEMPOTENCY_KEY).optional().meta({
        description: '1–255 printable ASCII characters; the same key and body within 24 h return the same run',
        example: 'claim-C-1001-attempt',
      }),
      prefer: z.string().optional().meta({ description: 'wait=N (N ≤ 60)', example: 'wait=10' }),
    }),
    response: {
      status: 202,
      description: 'The run (200 when it finished within Prefer: wait)',
      schema: runDetailSchema,
      headers: z.object({
        location: z.string().meta({ description: 'The run, /api/v1/runs/{runId}' }),
        'idempotent-replayed': z
          .literal('true')
          .optional()
          .meta({ description: 'Present when an earlier request with the same Idempotency-Key made this run' }),
        'preference-applied': z.string().optional().meta({ description: 'wait=N when Prefer: wait was honoured' }),
      }),
    },
    problems: [
      'not-found',
      'workflow-not-published',
      'validation-failed',
      'invalid-header',
      'unsupported-character',
      'idempotency-key-invalid',
      'idempotency-key-reused',
    ],
    example: { params: { workflowId: '00000000-0000-4000-8000-000000000000' }, body: { input: { claimId: 'C-1001' } } },
    async handle({ ctx, principal, params, body, rawBody, request }) {
      const wait = parsePreferWait(request.headers.get('prefer'), 60);
      const idempotencyKey = readIdempotencyKey(request);
      if (JSON.stringify(body.input).includes('\\u0000'))
        throw problem('unsupported-character', 'The input contains U+0000 (NUL), which cannot be stored');
      const { rows } = await ctx.db.pool.query<{ version_id: string | null }>(
        `SELECT (SELECT id FROM workflow_versions WHERE workflow_id = w.id AND published ORDER BY version DESC LIMIT 1) AS version_id
           FROM workflows w WHERE w.id = $1 AND w.workspace_id = $2 AND w.deleted_at IS NULL`,
        [params.workflowId, principal.workspaceId],
      );
      if (!rows[0]) throw problem('not-found', 'No workflow with this id in the token’s workspace');
      if (!rows[0].version_id) throw problem('workflow-not-published', 'Publish the workflow before starting runs');
      const run = {
        workspaceId: principal.workspaceId,
        workflowId: params.workflowId,
        workflowVersionId: rows[0].version_id,
        input: body.input,
        triggerKind: 'api' as const,
        correlationKey: body.correlationKey ?? null,
        // The token acts for the user who made it: the run (and its audit) say so.
        createdById: principal.userId,
      };
      const { runId, replayed } = idempotencyKey
        ? await startRunOnce(ctx, { key: idempotencyKey, bodyHash: hashBody(rawBody), run })
        : { ...(await ctx.engine.startRun(run)), replayed: false };
      const headers = new Headers({ location: `/api/v1/runs/${runId}`, 'content-type': 'application/json' });
      if (replayed) headers.set('idempotent-replayed', 'true');
      let status = 202;
      if (wait !== undefined) {
        headers.set('preference-applied', `wait=${wait}`);
        if (wait > 0 && (await ctx.waiter.wait(runId, wait * 1000))) status = 200;
      }
      const detail = runDetailSchema.parse(await loadRunDetail(ctx, principal.workspaceId, runId));
      return new Response(JSON.stringify(detail), { status, headers });
    },
  }),
];
