import { z } from 'zod';
import { parsePreferWait } from '../prefer.ts';
import { problem } from '../problem.ts';
import { iso, runDetailSchema } from './common-schemas.ts';
import { defineRoute } from './define-route.ts';
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
    description:
      'Answers 202 with the run and a Location header. With `Prefer: wait=N` (N ≤ 60) the answer waits up to N seconds and is 200 once the run has finished.',
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
    response: {
      status: 202,
      description: 'The run (200 when it finished within Prefer: wait)',
      schema: runDetailSchema,
    },
    problems: ['not-found', 'workflow-not-published', 'validation-failed', 'invalid-header', 'unsupported-character'],
    example: { params: { workflowId: '00000000-0000-4000-8000-000000000000' }, body: { input: { claimId: 'C-1001' } } },
    async handle({ ctx, principal, params, body, request }) {
      const wait = parsePreferWait(request.headers.get('prefer'), 60);
      if (JSON.stringify(body.input).includes('\\u0000'))
        throw problem('unsupported-character', 'The input contains U+0000 (NUL), which cannot be stored');
      const { rows } = await ctx.db.pool.query<{ version_id: string | null }>(
        `SELECT (SELECT id FROM workflow_versions WHERE workflow_id = w.id AND published ORDER BY version DESC LIMIT 1) AS version_id
           FROM workflows w WHERE w.id = $1 AND w.workspace_id = $2 AND w.deleted_at IS NULL`,
        [params.workflowId, principal.workspaceId],
      );
      if (!rows[0]) throw problem('not-found', 'No workflow with this id in the token’s workspace');
      if (!rows[0].version_id) throw problem('workflow-not-published', 'Publish the workflow before starting runs');
      const { runId } = await ctx.engine.startRun({
        workspaceId: principal.workspaceId,
        workflowId: params.workflowId,
        workflowVersionId: rows[0].version_id,
        input: body.input,
        triggerKind: 'api',
        correlationKey: body.correlationKey ?? null,
        // The token acts for the user who made it: the run (and its audit) say so.
        createdById: principal.userId,
      });
      const headers = new Headers({ location: `/api/v1/runs/${runId}`, 'content-type': 'application/json' });
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
