import type { z } from 'zod';
import { can } from '../../auth/permissions.ts';
import { AppError, type AppErrorCode } from '../../errors.ts';
import { authenticateApiToken } from '../../services/api-tokens/authenticate-api-token.ts';
import { problem, ProblemError, toProblemResponse, type ProblemSlug } from '../problem.ts';
import { readBody } from '../read-body.ts';
import type { RestContext } from '../rest-context.ts';
import { parseStrictJson } from '../strict-json.ts';
import type { V1Route } from './define-route.ts';
import { openApiDocument } from './openapi.ts';
import { v1Routes } from './routes.ts';

const compiled = v1Routes.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}/?$`) };
});

const APP_ERROR_PROBLEM: Record<AppErrorCode, ProblemSlug> = {
  BAD_REQUEST: 'validation-failed',
  UNAUTHORIZED: 'token-invalid',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'conflict',
  TOO_MANY_REQUESTS: 'rate-limited',
};

const JSON_BODY_LIMITS = { maxBytes: 1024 * 1024, idleTimeoutMs: 10_000, totalTimeoutMs: 60_000 };

/** `/api/v1/*`: route → token → permission → validated input → handler → validated output. */
export async function handleV1(ctx: RestContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/v1/, '');
  const method = request.method.toLowerCase();
  // Every answer of a matched route names its operation (the OpenAPI test relies on it).
  let operation: string | undefined;
  try {
    if (path === '/openapi.json') {
      if (method !== 'get') throw problem('method-not-allowed', 'GET the document', { headers: { allow: 'GET' } });
      return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
    }
    const matches = compiled.filter((c) => c.regex.test(path));
    if (!matches.length) throw problem('not-found', `No API route ${url.pathname}`);
    const hit = matches.find((c) => c.route.method === method);
    if (!hit) {
      const allow = matches.map((c) => c.route.method.toUpperCase()).join(', ');
      throw problem('method-not-allowed', `${url.pathname} accepts ${allow}`, { headers: { allow } });
    }
    operation = hit.route.operationId;
    const response = await dispatch(ctx, hit.route, request, url, hit.regex.exec(path)!.slice(1), hit.names);
    response.headers.set('x-conveyor-operation', operation);
    return response;
  } catch (error) {
    const response = toProblemResponse(fromAppError(error), url.pathname, (e) => ctx.log(e, 'REST v1 request failed'));
    if (operation) response.headers.set('x-conveyor-operation', operation);
    return response;
  }
}

async function dispatch(
  ctx: RestContext,
  route: V1Route,
  request: Request,
  url: URL,
  values: string[],
  names: string[],
): Promise<Response> {
  const principal = await authenticateApiToken(ctx.db, request.headers.get('authorization'));
  if (!can(principal.role, route.permission))
    throw problem('forbidden', `A ${principal.role} token cannot do this (needs ${route.permission})`);

  const rawParams = Object.fromEntries(names.map((n, i) => [n, safeDecode(values[i]!)]));
  const params = route.params ? route.params.safeParse(rawParams) : undefined;
  // A malformed id names nothing that could exist.
  if (params && !params.success) throw problem('not-found', `No such resource: ${url.pathname}`);
  const query = route.query ? validate(route.query, Object.fromEntries(url.searchParams), 'query') : undefined;
  let body: unknown;
  let rawBody: Uint8Array | undefined;
  if (route.body) {
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type))
      throw problem('unsupported-content-type', 'Send the body as application/json');
    rawBody = await readBody(request, JSON_BODY_LIMITS);
    body = validate(route.body, parseStrictJson(rawBody), 'body');
  }
  const result = await route.handle({
    ctx,
    principal,
    params: params?.data as never,
    query: query as never,
    body: body as never,
    rawBody,
    request,
  });
  if (result instanceof Response) return result;
  // Output is validated too: a response that breaks the documented schema is our bug (500), never sent.
  const output = 'schema' in route.response ? route.response.schema!.parse(result) : result;
  return Response.json(output, { status: route.response.status, headers: { 'cache-control': 'no-store' } });
}

function validate(schema: z.ZodType, value: unknown, where: 'query' | 'body') {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw problem('validation-failed', `The ${where} does not match the schema`, {
    extensions: {
      errors: parsed.error.issues.slice(0, 20).map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
    },
  });
}

function fromAppError(error: unknown): unknown {
  if (error instanceof ProblemError || !(error instanceof AppError)) return error;
  return problem(APP_ERROR_PROBLEM[error.code], error.message, {
    extensions: { reason: error.reason },
    ...(error.retryAfterMs !== undefined ? { retryAfterSec: error.retryAfterMs / 1000 } : {}),
  });
}

/** A malformed escape is just an id that matches nothing (404), never a 500. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
