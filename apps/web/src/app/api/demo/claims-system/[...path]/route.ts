import { receiveClaimsWebhook } from '@/server/services/demo/receive-claims-webhook';
import { toProblemResponse } from '@/server/rest/problem';
import { getRestContext } from '@/server/rest/web-rest-context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The demo's stand-in claims system: a signed delivery from the demo workspace → 200. */
export async function POST(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const ctx = await getRestContext();
  try {
    const receipt = await receiveClaimsWebhook(
      { db: ctx.db, secretKey: ctx.secretKey, log: (line) => console.log(line) },
      path,
      request,
    );
    return Response.json(receipt);
  } catch (error) {
    return toProblemResponse(error, new URL(request.url).pathname, (e) => ctx.log(e, 'demo claims system failed'));
  }
}
