import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PROBLEMS, type ProblemSlug } from '../problem.ts';
import { problemSchema } from './common-schemas.ts';
import { v1Routes } from './routes.ts';

const AUTH_PROBLEMS: ProblemSlug[] = ['token-missing', 'token-invalid', 'forbidden'];
const HOOK_PROBLEMS: ProblemSlug[] = (Object.keys(PROBLEMS) as ProblemSlug[]).filter(
  (s) =>
    ![
      'token-missing',
      'token-invalid',
      'forbidden',
      'not-found',
      'conflict',
      'invalid-cursor',
      'validation-failed',
    ].includes(s),
);

function problemResponses(slugs: ProblemSlug[]) {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of slugs) byStatus.set(PROBLEMS[slug].status, [...(byStatus.get(PROBLEMS[slug].status) ?? []), slug]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: list.map((s) => `\`${s}\`: ${PROBLEMS[s].title}`).join('; '),
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );
}

let cached: object | undefined;

/** OpenAPI 3.1 for REST v1 and the webhook endpoint, generated from the route table's zod schemas. */
export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A workspace API token (`cvy_…`) from Settings → API tokens',
  });
  for (const route of v1Routes) {
    registry.registerPath({
      method: route.method,
      path: `/api/v1${route.path}`,
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      security: [{ [bearer.name]: [] }],
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.headers ? { headers: route.headers } : {}),
        ...(route.body ? { body: { content: { 'application/json': { schema: route.body } } } } : {}),
      },
      responses: {
        [route.response.status]: {
          description: route.response.description,
          ...(route.response.headers ? { headers: route.response.headers } : {}),
          content:
            'schema' in route.response
              ? { 'application/json': { schema: route.response.schema! } }
              : { '*/*': { schema: z.string().meta({ format: 'binary' }) } },
        },
        ...problemResponses([...AUTH_PROBLEMS, ...route.problems]),
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/hooks/{triggerId}',
    operationId: 'triggerWebhook',
    summary: 'Start a run from a signed webhook',
    description: [
      'Sign `<unix seconds>.<raw body>` with HMAC-SHA256 and the trigger secret; send',
      '`Conveyor-Signature: t=<unix seconds>,v1=<hex digest>` (5-minute tolerance, each signature once).',
      'Body: a JSON object (the case record; `mediaUrls` are downloaded first) or multipart/form-data',
      '(files are media; a `record` field may hold a JSON object; other fields are case fields).',
      '`Idempotency-Key` returns the same run for 24 h. `Prefer: wait=N` (N ≤ 60) waits for the run.',
    ].join(' '),
    tags: ['webhooks'],
    request: {
      params: z.object({ triggerId: z.uuid() }),
      headers: z.object({
        'conveyor-signature': z.string().meta({ example: 't=1767225600,v1=5f0c…' }),
        'idempotency-key': z.string().max(255).optional(),
        prefer: z.string().optional().meta({ example: 'wait=10' }),
      }),
      body: {
        content: {
          'application/json': {
            schema: z
              .record(z.string(), z.unknown())
              .meta({ example: { claimId: 'C-1001', mediaUrls: ['https://claims.example.com/p/1.jpg'] } }),
          },
          'multipart/form-data': { schema: z.record(z.string(), z.unknown()) },
        },
      },
    },
    responses: {
      200: {
        description: 'The run finished within Prefer: wait',
        content: {
          'application/json': {
            schema: z.object({
              runId: z.uuid(),
              status: z.string(),
              output: z.unknown().nullable(),
              error: z.unknown().nullable(),
            }),
          },
        },
      },
      202: {
        description: 'Accepted; Location names the run',
        content: {
          'application/json': {
            schema: z.object({ runId: z.uuid(), status: z.literal('accepted'), location: z.string() }),
          },
        },
      },
      ...problemResponses(HOOK_PROBLEMS),
    },
  });
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Conveyor API',
      version: '1.0.0',
      description: 'Start runs, read results, decide review tasks. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}
