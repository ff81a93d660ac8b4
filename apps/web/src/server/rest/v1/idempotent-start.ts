import { createHash } from 'node:crypto';
import { withTransaction } from '@conveyor/db';
import type { StartRunInput } from '@conveyor/engine/server';
import { sweepExpiredKeys } from '../../services/triggers/sweep-expired.ts';
import { problem } from '../problem.ts';
import type { RestContext } from '../rest-context.ts';

/**
 * How long an Idempotency-Key answers with its run (webhooks and REST v1); after that a new
 * request with it starts a new run.
 */
export const IDEMPOTENCY_TTL_SEC = 24 * 60 * 60;
/** The webhook endpoint's rule too: printable ASCII without spaces, 1–255 characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, null when absent; a malformed one is a 400 problem. */
export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key !== null && !IDEMPOTENCY_KEY.test(key))
    throw problem('idempotency-key-invalid', 'Idempotency-Key must be 1–255 printable ASCII characters');
  return key;
}

/** sha256 of the body exactly as sent: a retry must resend the same bytes. */
export const hashBody = (raw: Uint8Array | undefined) =>
  createHash('sha256')
    .update(raw ?? new Uint8Array())
    .digest('hex');

export type StartOnceResult = { runId: string; replayed: boolean };

/**
 * Starts a run unless this workspace already used `key` in the last 24 h: the same key with
 * the same body (and workflow) answers with that run (`replayed`), with another body or
 * workflow it is a 422 naming the first run. Same-key requests — concurrent ones from other
 * processes included — queue on an advisory lock per (workspace, key) taken before the key
 * is read, and the run and the key row commit in one transaction, so a key makes one run.
 */
export async function startRunOnce(
  ctx: Pick<RestContext, 'db' | 'engine'>,
  o: { key: string; bodyHash: string; run: StartRunInput },
): Promise<StartOnceResult> {
  void sweepExpiredKeys(ctx.db);
  const { workspaceId, workflowId } = o.run;
  return withTransaction(ctx.db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2, 0))`, [
      workspaceId,
      o.key,
    ]);
    const { rows } = await client.query<{ body_hash: string; run_id: string; workflow_id: string }>(
      `SELECT k.body_hash, k.run_id, r.workflow_id FROM api_idempotency_keys k JOIN runs r ON r.id = k.run_id
        WHERE k.workspace_id = $1 AND k.key = $2 AND k.expires_at > now()`,
      [workspaceId, o.key],
    );
    const earlier = rows[0];
    if (earlier) {
      // The body does not name the workflow (the path does): a key reused on another
      // workflow is a different request too, never that workflow's run.
      if (earlier.body_hash === o.bodyHash && earlier.workflow_id === workflowId)
        return { runId: earlier.run_id, replayed: true };
      throw problem('idempotency-key-reused', 'This Idempotency-Key was already used with a different request', {
        extensions: { runId: earlier.run_id },
      });
    }
    const { runId } = await ctx.engine.startRun(o.run, client);
    // No live row (checked under the key's lock); an expired one is taken over.
    await client.query(
      `INSERT INTO api_idempotency_keys (workspace_id, key, body_hash, run_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (workspace_id, key) DO UPDATE
         SET body_hash = EXCLUDED.body_hash, run_id = EXCLUDED.run_id, created_at = now(), expires_at = EXCLUDED.expires_at`,
      [workspaceId, o.key, o.bodyHash, runId, IDEMPOTENCY_TTL_SEC],
    );
    return { runId, replayed: false };
  });
}
