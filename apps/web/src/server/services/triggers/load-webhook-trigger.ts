import type { Db } from '@conveyor/db';
import { problem } from '../../rest/problem.ts';
import { readTriggerSettings, type TriggerSettings } from './trigger-settings.ts';

export interface WebhookTrigger {
  id: string;
  workspaceId: string;
  workflowId: string;
  enabled: boolean;
  secretCiphertext: string | null;
  settings: TriggerSettings;
  backlogLimit: number | null;
  /** The newest published version, the one a new run pins. */
  versionId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const cache = new Map<string, { at: number; trigger: WebhookTrigger | undefined }>();

/**
 * The trigger, cached per process for `cacheMs` (a busy trigger costs one read a second,
 * not one per request); disabling, rotating or publishing takes effect within that time.
 */
export async function loadWebhookTrigger(
  db: Pick<Db, 'pool'>,
  triggerId: string,
  cacheMs = 0,
): Promise<WebhookTrigger> {
  if (!UUID.test(triggerId)) throw problem('trigger-not-found', 'No webhook trigger has this id');
  const now = Date.now();
  const hit = cacheMs > 0 ? cache.get(triggerId) : undefined;
  let trigger = hit && now - hit.at < cacheMs ? hit.trigger : undefined;
  if (!trigger) {
    trigger = await readTrigger(db, triggerId);
    if (cacheMs > 0) {
      if (cache.size > 5000) cache.clear();
      cache.set(triggerId, { at: now, trigger });
    }
  }
  if (!trigger) throw problem('trigger-not-found', 'No webhook trigger has this id');
  return trigger;
}

/** One query: the trigger, its workflow's backlog limit and newest published version. */
async function readTrigger(db: Pick<Db, 'pool'>, triggerId: string): Promise<WebhookTrigger | undefined> {
  const { rows } = await db.pool.query<{
    id: string;
    workspace_id: string;
    workflow_id: string;
    enabled: boolean;
    secret_ciphertext: string | null;
    settings: unknown;
    backlog_limit: number | null;
    deleted_at: Date | null;
    version_id: string | null;
  }>(
    `SELECT t.id, t.workspace_id, t.workflow_id, t.enabled, t.secret_ciphertext, t.settings,
            w.backlog_limit, w.deleted_at,
            (SELECT v.id FROM workflow_versions v WHERE v.workflow_id = t.workflow_id AND v.published
              ORDER BY v.version DESC LIMIT 1) AS version_id
       FROM triggers t JOIN workflows w ON w.id = t.workflow_id
      WHERE t.id = $1 AND t.kind = 'webhook'`,
    [triggerId],
  );
  const row = rows[0];
  if (!row || row.deleted_at) return undefined;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workflowId: row.workflow_id,
    enabled: row.enabled,
    secretCiphertext: row.secret_ciphertext,
    settings: readTriggerSettings(row.settings),
    backlogLimit: row.backlog_limit,
    versionId: row.version_id,
  };
}
