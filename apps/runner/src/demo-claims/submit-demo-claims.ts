import { withTransaction, type Db } from '@conveyor/db';
import type { Engine } from '@conveyor/engine/server';
import type { MediaRef } from '@conveyor/nodes';
import type { Logger } from 'pino';
import { DEMO_CLAIMS, demoClaimPng } from './demo-claim-photos.ts';

export interface DemoClaimsOptions {
  db: Db;
  engine: Pick<Engine, 'startRun' | 'resources'>;
  media: (workspaceId: string) => {
    put(data: Uint8Array, o: { contentType: string; filename?: string }): Promise<MediaRef>;
  };
  log: Pick<Logger, 'info' | 'warn'>;
  /** How long to wait for a live pool before giving the claims to the queue anyway. */
  poolWaitMs?: number;
  /** Stops the wait early (the runner is shutting down). */
  signal?: AbortSignal;
}

export type DemoClaimsOutcome =
  { submitted: number; runIds: string[] } | { skipped: 'no-demo-workflow' | 'already-has-runs' | 'aborted' };

// One start submits the demo claims even if two runners come up at once.
const LOCK_KEY = 'conveyor:demo-claims';

/**
 * Submits the demo claims through the real path — photos into the workspace's media store,
 * `engine.startRun` on the published warranty workflow — so the dashboard, the runs list
 * and the review inbox show what the product really did with them. Only into a demo
 * workspace that has never had a run: a later start, or a workspace someone has used,
 * never gets them again.
 */
export async function submitDemoClaims(o: DemoClaimsOptions): Promise<DemoClaimsOutcome> {
  const target = await findTarget(o.db);
  if (!target) return { skipped: 'no-demo-workflow' };
  if (await hasRuns(o.db, target.workspaceId)) return { skipped: 'already-has-runs' };
  // Inference waits in the queue for the pool anyway; waiting here keeps the first steps
  // from using up their time limit while the pool is still loading its models.
  await waitForPool(o.db, o.poolWaitMs ?? 180_000, o.signal);
  if (o.signal?.aborted) return { skipped: 'aborted' };

  const media = o.media(target.workspaceId);
  const photos: MediaRef[] = [];
  for (const claim of DEMO_CLAIMS) {
    photos.push(await media.put(demoClaimPng(claim), { contentType: 'image/png', filename: `${claim.claimId}.png` }));
    // Rendering is CPU work: let the runner's own steps and heartbeats in between.
    await new Promise((r) => setImmediate(r));
  }
  const runIds = await withTransaction(o.db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    const { rows } = await client.query('SELECT 1 FROM runs WHERE workspace_id = $1 LIMIT 1', [target.workspaceId]);
    if (rows.length > 0) return null;
    const ids: string[] = [];
    for (const [i, claim] of DEMO_CLAIMS.entries()) {
      const { runId } = await o.engine.startRun(
        {
          workspaceId: target.workspaceId,
          workflowId: target.workflowId,
          workflowVersionId: target.versionId,
          triggerKind: 'api',
          correlationKey: claim.claimId,
          input: {
            record: {
              claimId: claim.claimId,
              productSku: claim.productSku,
              customer: claim.customer,
              description: claim.description,
              source: 'demo',
            },
            media: [photos[i]!],
          },
        },
        client,
      );
      ids.push(runId);
    }
    return ids;
  });
  if (!runIds) return { skipped: 'already-has-runs' };
  o.engine.resources.wake();
  return { submitted: runIds.length, runIds };
}

async function findTarget(db: Db) {
  const { rows } = await db.pool.query<{ workspace_id: string; workflow_id: string; version_id: string }>(
    `SELECT w.workspace_id, w.id AS workflow_id, v.id AS version_id
       FROM workspaces ws
       JOIN workflows w ON w.workspace_id = ws.id AND w.template_key = 'warranty-triage' AND w.deleted_at IS NULL
       JOIN workflow_versions v ON v.workflow_id = w.id AND v.published
      WHERE ws.slug = 'demo'
      ORDER BY v.version DESC
      LIMIT 1`,
  );
  const row = rows[0];
  return row ? { workspaceId: row.workspace_id, workflowId: row.workflow_id, versionId: row.version_id } : undefined;
}

async function hasRuns(db: Db, workspaceId: string) {
  const { rows } = await db.pool.query('SELECT 1 FROM runs WHERE workspace_id = $1 LIMIT 1', [workspaceId]);
  return rows.length > 0;
}

async function waitForPool(db: Db, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    const { rows } = await db.pool.query(
      `SELECT 1 FROM worker_heartbeats WHERE kind = 'pool' AND last_seen > now() - interval '15 seconds' LIMIT 1`,
    );
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
