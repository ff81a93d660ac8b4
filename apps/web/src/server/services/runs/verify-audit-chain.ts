import { createHash } from 'node:crypto';
import { canonicalJson } from '@conveyor/engine/server';
import type { AuditChain } from './run-views.ts';

export interface AuditRow {
  id: string;
  workspace_id: string;
  run_id: string | null;
  step_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  data: unknown;
  prev_hash: string | null;
  hash: string;
}

/**
 * Recomputes a run's audit chain, oldest first, the way the engine wrote it
 * (hash = sha256(prev_hash || canonical event)) and names the first event whose link or
 * hash does not hold: an edited, removed or inserted event shows from that point on.
 */
export function verifyAuditChain(rows: readonly AuditRow[]): AuditChain {
  let prev: string | null = null;
  for (const row of rows) {
    const canonical = canonicalJson({
      workspaceId: row.workspace_id,
      runId: row.run_id,
      stepId: row.step_id,
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      data: row.data,
    });
    const expected: string = createHash('sha256')
      .update(`${prev ?? ''}${canonical}`)
      .digest('hex');
    if (row.prev_hash !== prev || row.hash !== expected) {
      return { valid: false, checked: rows.length, brokenAtId: row.id };
    }
    prev = row.hash;
  }
  return { valid: true, checked: rows.length, brokenAtId: null };
}
