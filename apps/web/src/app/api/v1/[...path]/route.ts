import { getRestContext } from '@/server/rest/web-rest-context';
import { handleV1 } from '@/server/rest/v1/v1-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** REST v1: one dispatcher over the route table that also generates /api/v1/openapi.json. */
async function handle(request: Request) {
  return handleV1(await getRestContext(), request);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
