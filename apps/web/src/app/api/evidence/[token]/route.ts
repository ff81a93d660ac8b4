import { getDb } from '@/server/db';
import { getEngine } from '@/server/engine';
import { AppError } from '@/server/errors';
import { evidenceLinkKey } from '@/server/services/inbox/evidence-link-config';
import { multipartFiles } from '@/server/services/inbox/multipart-files';
import { evidenceUploadPage } from '@/server/services/inbox/evidence-upload-page';
import { MAX_EVIDENCE_FILES, resolveEvidenceToken, submitEvidence } from '@/server/services/inbox/submit-evidence';

export const dynamic = 'force-dynamic';

const STATUS: Record<AppError['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 410,
  TOO_MANY_REQUESTS: 429,
};

function problem(error: AppError, wantsHtml: boolean) {
  const status =
    error.reason === 'media_too_large' ? 413 : error.reason === 'unsupported_media' ? 415 : STATUS[error.code];
  if (wantsHtml) return new Response(evidenceUploadPage({ error: error.message }), { status, headers: HTML });
  return Response.json(
    { type: `https://conveyor.dev/problems/${error.reason}`, title: error.message, status, reason: error.reason },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

const HTML = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'",
};

async function resolve(token: string) {
  const key = evidenceLinkKey();
  if (!key)
    throw new AppError('PRECONDITION_FAILED', 'links_disabled', 'Upload links are not configured on this server');
  return resolveEvidenceToken({ db: getDb(), key, token });
}

/**
 * The claimant's side of "request more information": public, authorised only by the
 * signed, expiring token in the address. GET shows the upload page; POST streams the files
 * into the media store (size-limited, type sniffed) and resumes the same run.
 */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wantsHtml = !(req.headers.get('accept') ?? '').includes('application/json');
  try {
    const request = await resolve(token);
    if (!wantsHtml)
      return Response.json({
        title: request.title,
        message: request.message,
        reference: request.correlationKey,
        expiresAt: request.expiresAt.toISOString(),
        maxFiles: MAX_EVIDENCE_FILES,
      });
    return new Response(
      evidenceUploadPage({
        title: request.title,
        message: request.message,
        reference: request.correlationKey,
        expiresAt: request.expiresAt,
        maxFiles: MAX_EVIDENCE_FILES,
      }),
      { headers: HTML },
    );
  } catch (error) {
    if (error instanceof AppError) return problem(error, wantsHtml);
    throw error;
  }
}

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wantsHtml = !(req.headers.get('accept') ?? '').includes('application/json');
  try {
    const request = await resolve(token);
    const contentType = req.headers.get('content-type') ?? '';
    if (!contentType.startsWith('multipart/form-data') || !req.body)
      throw new AppError('BAD_REQUEST', 'malformed_multipart', 'Send the files as multipart/form-data');
    const { files, fields } = multipartFiles(req.body, contentType, { maxFiles: MAX_EVIDENCE_FILES });
    const { engine, media } = await getEngine();
    const result = await submitEvidence({
      db: getDb(),
      engine,
      media,
      request,
      files,
      ...(fields.note ? { note: fields.note } : {}),
    });
    if (wantsHtml) return new Response(evidenceUploadPage({ done: result.media }), { headers: HTML });
    return Response.json({ received: result.media, round: result.round }, { status: 202 });
  } catch (error) {
    if (error instanceof AppError) return problem(error, wantsHtml);
    throw error;
  }
}
