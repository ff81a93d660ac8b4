import { withTransaction, type Db } from '@conveyor/db';
import { RunStateError, type Engine } from '@conveyor/engine/server';
import type { MediaStore } from '@conveyor/nodes/server';
import { AppError } from '@/server/errors';
import { verifyEvidenceToken, type EvidenceLinkKey } from './evidence-link.ts';

/** Most files one upload may carry. */
export const MAX_EVIDENCE_FILES = 10;

export interface EvidenceRequestView {
  requestId: string;
  workspaceId: string;
  runId: string;
  stepId: string;
  round: number;
  message: string;
  expiresAt: Date;
  title: string;
  correlationKey: string | null;
}

/**
 * The request behind an upload token, or a precise refusal: a malformed, forged or
 * expired link is 401/410 before anything is read; a used link is 409.
 */
export async function resolveEvidenceToken(x: {
  db: Pick<Db, 'pool'>;
  key: EvidenceLinkKey;
  token: string;
  now?: Date;
}): Promise<EvidenceRequestView> {
  const check = verifyEvidenceToken(x.key, x.token, x.now);
  if (!check.ok) {
    if (check.reason === 'expired')
      throw new AppError('PRECONDITION_FAILED', 'link_expired', 'This upload link has expired');
    throw new AppError('UNAUTHORIZED', 'invalid_link', 'This upload link is not valid');
  }
  const { rows } = await x.db.pool.query<{
    id: string;
    workspace_id: string;
    run_id: string;
    step_id: string;
    round: number;
    message: string;
    expires_at: Date;
    fulfilled_at: Date | null;
    title: string;
    correlation_key: string | null;
  }>(
    `SELECT e.id, t.workspace_id, e.run_id, t.step_id, e.round, e.message, e.expires_at, e.fulfilled_at, t.title, r.correlation_key
       FROM evidence_requests e JOIN human_tasks t ON t.id = e.task_id JOIN runs r ON r.id = e.run_id
      WHERE e.token_hash = $1 AND e.id = $2`,
    [check.tokenHash, check.requestId],
  );
  const row = rows[0];
  if (!row) throw new AppError('UNAUTHORIZED', 'invalid_link', 'This upload link is not valid');
  if (row.fulfilled_at)
    throw new AppError('CONFLICT', 'already_uploaded', 'Evidence was already uploaded with this link');
  return {
    requestId: row.id,
    workspaceId: row.workspace_id,
    runId: row.run_id,
    stepId: row.step_id,
    round: row.round,
    message: row.message,
    expiresAt: row.expires_at,
    title: row.title,
    correlationKey: row.correlation_key,
  };
}

export interface EvidenceFile {
  filename: string;
  stream: AsyncIterable<Uint8Array>;
}

/**
 * Stores the uploaded media (streamed, size-limited, type sniffed from the bytes) and
 * resumes the same run with them: the request is marked fulfilled and the evidence round
 * starts in one transaction, so a link works exactly once.
 */
export async function submitEvidence(x: {
  db: Pick<Db, 'pool'>;
  engine: Pick<Engine, 'submitEvidence'>;
  media: (workspaceId: string) => MediaStore;
  request: EvidenceRequestView;
  files: AsyncIterable<EvidenceFile>;
  note?: string;
}): Promise<{ round: number; media: number }> {
  const store = x.media(x.request.workspaceId);
  const refs: Record<string, unknown>[] = [];
  for await (const file of x.files) {
    if (refs.length >= MAX_EVIDENCE_FILES)
      throw new AppError('BAD_REQUEST', 'too_many_files', `Upload at most ${MAX_EVIDENCE_FILES} files at once`);
    try {
      const ref = await store.put(file.stream, { contentType: 'application/octet-stream', filename: file.filename });
      if (!/^(image|video)\//.test(ref.contentType))
        throw new AppError('BAD_REQUEST', 'unsupported_media', `${file.filename} is not a photo or a video`);
      refs.push({ ...ref });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'media_too_large')
        throw new AppError('BAD_REQUEST', 'media_too_large', `${file.filename}: ${(error as Error).message}`);
      if (code === 'unsupported_media')
        throw new AppError('BAD_REQUEST', 'unsupported_media', `${file.filename}: ${(error as Error).message}`);
      throw error;
    }
  }
  if (refs.length === 0) throw new AppError('BAD_REQUEST', 'no_files', 'Attach at least one photo or video');
  return withTransaction(x.db, async (client) => {
    const claimed = await client.query(
      `UPDATE evidence_requests SET fulfilled_at = now() WHERE id = $1 AND fulfilled_at IS NULL AND expires_at > now()`,
      [x.request.requestId],
    );
    if (!claimed.rowCount)
      throw new AppError('CONFLICT', 'already_uploaded', 'Evidence was already uploaded with this link');
    try {
      const { round } = await x.engine.submitEvidence(client, {
        stepId: x.request.stepId,
        requestId: x.request.requestId,
        media: refs,
        ...(x.note ? { note: x.note.slice(0, 2000) } : {}),
      });
      return { round, media: refs.length };
    } catch (error) {
      if (error instanceof RunStateError)
        throw new AppError('CONFLICT', 'run_not_waiting', 'This case is no longer waiting for evidence');
      throw error;
    }
  });
}
