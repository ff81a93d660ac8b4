import { handleWebhook } from './hooks-handler.ts';
import { problem, toProblemResponse } from './problem.ts';
import type { RestContext } from './rest-context.ts';
import { handleV1 } from './v1/v1-handler.ts';

/**
 * The public HTTP surface as one Fetch handler, for the in-process server of the tests and
 * the benchmark. In the app the same functions sit behind Next route handlers
 * (`app/api/hooks/[triggerId]`, `app/api/v1/[...path]`).
 */
export function createRestHandler(ctx: RestContext) {
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const hook = /^\/api\/hooks\/([^/]+)\/?$/.exec(pathname);
    if (hook) return handleWebhook(ctx, safeDecode(hook[1]!), request);
    if (pathname.startsWith('/api/v1/')) return handleV1(ctx, request);
    if (pathname === '/api/health') {
      await ctx.db.pool.query('SELECT 1');
      return Response.json({ status: 'ok' });
    }
    return toProblemResponse(problem('not-found', `No route for ${pathname}`), pathname);
  };
}

/** A malformed escape is just an id that matches nothing (404), never a 500. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
