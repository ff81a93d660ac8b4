import { handleWebhook } from '@/server/rest/hooks-handler';
import { getRestContext } from '@/server/rest/web-rest-context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Signed webhook → run. Everything is in the service; this only hands the request over. */
export async function POST(request: Request, { params }: { params: Promise<{ triggerId: string }> }) {
  const { triggerId } = await params;
  return handleWebhook(await getRestContext(), triggerId, request);
}
