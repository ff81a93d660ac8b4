import { env } from '@/env';
import { getDb } from '@/server/db';
import { collectMetrics } from '@/server/services/metrics/collect-metrics';
import { checkMetricsAccess } from '@/server/services/metrics/metrics-access';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (text exposition format). */
export async function GET(request: Request) {
  const access = checkMetricsAccess(request.headers, env().CONVEYOR_METRICS_TOKEN);
  if (!access.ok) {
    return new Response(`${access.message}\n`, {
      status: access.status,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
      },
    });
  }
  const { contentType, body } = await collectMetrics({ db: getDb() });
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
