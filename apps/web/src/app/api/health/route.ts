import { getDb } from '@/server/db';
import { getHealth } from '@/server/services/health';
import { env } from '@/env';

export const dynamic = 'force-dynamic';

export async function GET() {
  const report = await getHealth({ db: getDb(), runnerStaleMs: env().CONVEYOR_RUNNER_STALE_MS });
  return Response.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
