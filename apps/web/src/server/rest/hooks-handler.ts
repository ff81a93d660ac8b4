import { acceptWebhook } from '../services/triggers/accept-webhook.ts';
import { problem, toProblemResponse } from './problem.ts';
import type { RestContext } from './rest-context.ts';

export const runLocation = (runId: string) => `/api/v1/runs/${runId}`;

/**
 * The whole HTTP exchange of a webhook: 202 + Location, or with `Prefer: wait=N` the
 * finished run (200) when it ends within N seconds, else 202 as without it. Every failure
 * is a problem+json with its stable type.
 */
export async function handleWebhook(ctx: RestContext, triggerId: string, request: Request): Promise<Response> {
  const instance = new URL(request.url).pathname;
  try {
    if (request.method !== 'POST')
      throw problem('method-not-allowed', 'Webhooks are POSTed', { headers: { allow: 'POST' } });
    const accepted = await acceptWebhook(ctx, triggerId, request);
    const headers = new Headers({ location: runLocation(accepted.runId), 'cache-control': 'no-store' });
    if (accepted.replayed) headers.set('idempotent-replayed', 'true');
    if (accepted.waitSec !== undefined) {
      headers.set('preference-applied', `wait=${accepted.waitSec}`);
      const done = accepted.waitSec > 0 ? await ctx.waiter.wait(accepted.runId, accepted.waitSec * 1000) : null;
      if (done) {
        return Response.json(
          { runId: done.id, status: done.status, output: done.output ?? null, error: done.error ?? null },
          { status: 200, headers },
        );
      }
    }
    return Response.json(
      { runId: accepted.runId, status: 'accepted', location: runLocation(accepted.runId) },
      { status: 202, headers },
    );
  } catch (error) {
    return toProblemResponse(error, instance, (e) => ctx.log(e, 'webhook failed'));
  }
}
