import { timingSafeEqual } from 'node:crypto';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/i;

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * Who may scrape /metrics. With CONVEYOR_METRICS_TOKEN set: only `Authorization: Bearer
 * <token>` (compared in constant time). Without it: only loopback callers, judged by the
 * address Next.js records in X-Forwarded-For when the request arrives without one; a proxy
 * in front appends the real client, which makes more than one hop and is refused. A client
 * that reaches the server directly can forge that header, so any deployment reachable from
 * outside must set the token.
 */
export function checkMetricsAccess(headers: Headers, token: string | undefined): MetricsAccess {
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) return { ok: true };
    return { ok: false, status: 401, message: 'A valid bearer token is required (CONVEYOR_METRICS_TOKEN)' };
  }
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 1 && LOOPBACK.test(hops[0]!)) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: 'Metrics are served to loopback only; set CONVEYOR_METRICS_TOKEN to scrape from elsewhere',
  };
}
