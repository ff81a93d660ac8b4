import { z } from 'zod';
import type { Db } from '@conveyor/db';

export const runDeliverySchema = z.object({
  id: z.string(),
  purpose: z.string(),
  url: z.string(),
  attempt: z.number().int(),
  /** delivered | retrying (another attempt is scheduled) | failed (given up) */
  status: z.string(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.date(),
});
export type RunDelivery = z.infer<typeof runDeliverySchema>;

/**
 * The outbound deliveries of one run (trigger callbacks, webhook nodes), oldest attempt
 * first, scoped by workspace — an id of another workspace's run gives an empty list.
 */
export async function listRunDeliveries(
  { db }: { db: Pick<Db, 'pool'> },
  input: { workspaceId: string; runId: string },
): Promise<RunDelivery[]> {
  const { rows } = await db.pool.query<{
    id: string;
    purpose: string;
    url: string;
    attempt: number;
    status: string;
    response_status: number | null;
    error: string | null;
    duration_ms: number | null;
    created_at: Date;
  }>(
    `SELECT d.id, d.purpose, d.url, d.attempt, d.status, d.response_status, d.error, d.duration_ms, d.created_at
       FROM webhook_deliveries d JOIN runs r ON r.id = d.run_id
      WHERE d.run_id = $1 AND r.workspace_id = $2
      ORDER BY d.created_at, d.attempt`,
    [input.runId, input.workspaceId],
  );
  return rows.map((d) => ({
    id: d.id,
    purpose: d.purpose,
    url: d.url,
    attempt: d.attempt,
    status: d.status,
    responseStatus: d.response_status,
    error: d.error,
    durationMs: d.duration_ms,
    createdAt: d.created_at,
  }));
}
