import { createHash } from 'node:crypto';
import type { SqlClient } from '@conveyor/db';
import { deferredWrites } from './deferred-writes.ts';

export interface AuditInput {
  workspaceId: string;
  runId?: string | null;
  stepId?: string | null;
  actorType: 'system' | 'user' | 'api_token' | 'trigger';
  actorId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/**
 * Appends an audit event inside the caller's transaction. Events are hash-chained per
 * chain key (the run, or the subject for events outside a run): hash = sha256(prev_hash ||
 * canonical event). A per-run chain keeps transitions of different runs from contending
 * on one lock while any edit or deletion inside a run's history still breaks its chain.
 * The caller already holds the run's row lock, so the chain within a run is linear.
 */
export async function appendAudit(client: SqlClient, event: AuditInput): Promise<void> {
  const { sql, params } = auditInsert(event, 1);
  const deferred = event.runId ? deferredWrites(client) : undefined;
  if (deferred) {
    // A batch settle: chained and inserted with the others at the end (deferred-writes.ts).
    deferred.audits.push({
      chainKey: event.runId!,
      canonical: params[9] as string,
      row: params.slice(0, 9),
    });
    return;
  }
  await client.query(sql, params);
}

/**
 * The single-row audit INSERT: the previous hash is read and the new one computed in the
 * statement (sha256 of prev_hash || canonical JSON — the formula auditChainValid checks and
 * deferred-writes.ts computes in a batch); the run lock (or, outside a run, the caller's
 * order) keeps the chain linear.
 */
function auditInsert(event: AuditInput, at: number): { sql: string; params: unknown[] } {
  // A run's chain is found by run id alone, on the (run_id, id) index. With workspace_id in
  // the condition too, a planner without statistics (a young table) AND-ed in the workspace
  // index and read every event of the workspace per lookup.
  const chainCondition = event.runId ? 'run_id = $RUN' : 'workspace_id = $WS AND subject_id = $RUN';
  const data = event.data ?? {};
  const canonical = canonicalJson({
    workspaceId: event.workspaceId,
    runId: event.runId ?? null,
    stepId: event.stepId ?? null,
    actorType: event.actorType,
    actorId: event.actorId ?? null,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data,
  });
  const p = (n: number) => `$${at + n - 1}`;
  return {
    sql: `INSERT INTO audit_events (workspace_id, run_id, step_id, actor_type, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, p.hash, encode(sha256(convert_to(coalesce(p.hash, '') || ${p(10)}::text, 'UTF8')), 'hex')
       FROM (SELECT (SELECT hash FROM audit_events WHERE ${chainCondition.replace('$RUN', p(11)).replace('$WS', p(1))} ORDER BY id DESC LIMIT 1) AS hash) p`,
    params: [
      event.workspaceId,
      event.runId ?? null,
      event.stepId ?? null,
      event.actorType,
      event.actorId ?? null,
      event.action,
      event.subjectType,
      event.subjectId,
      JSON.stringify(data),
      canonical,
      event.runId ?? event.subjectId,
    ],
  };
}

/**
 * Recomputes a chain (oldest first) and says whether every link holds: an edited, removed
 * or inserted event breaks it from that point on.
 */
export function auditChainValid(events: { prev_hash: string | null; hash: string; canonical: string }[]): boolean {
  let prev: string | null = null;
  for (const e of events) {
    if (e.prev_hash !== prev) return false;
    if (
      createHash('sha256')
        .update(`${prev ?? ''}${e.canonical}`)
        .digest('hex') !== e.hash
    )
      return false;
    prev = e.hash;
  }
  return true;
}

/** JSON with sorted keys, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Json(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
