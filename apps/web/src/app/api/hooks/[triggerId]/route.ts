import { handleWebhook } from '@/server/rest/hooks-handler';
import { getRestContext } from '@/server/rest/web-rest-context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Signed webhook → run. Everything is in the service; this only hands the request over.
 * Other methods reach the handler too, so they get its 405 problem (with `Allow: POST`).
 * Under `npm start` the web server answers /api/hooks/* before Next's router
 * (src/server/http/serve-web.ts, same handler); this route serves `next dev` and `next start`.
 */
async function handle(request: Request, { params }: { params: Promise<{ triggerId: string }> }) {
  const { triggerId } = await params;
  return handleWebhook(await getRestContext(), triggerId, request);
}

export { handle as POST, handle as GET, handle as PUT, handle as PATCH, handle as DELETE };
