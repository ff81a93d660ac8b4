import { problem, toProblemResponse } from '../problem.ts';
import type { RestContext } from '../rest-context.ts';

export async function handleV1(_ctx: RestContext, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return toProblemResponse(problem('not-found', `No route for ${pathname}`), pathname);
}
