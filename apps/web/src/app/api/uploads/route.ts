import { z } from 'zod';
import { env } from '@/env';
import { getSessionUser } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { getEngine } from '@/server/engine';
import { uploadSample } from '@/server/services/workflows/upload-sample';

export const dynamic = 'force-dynamic';

const problem = (status: number, title: string) =>
  Response.json(
    { type: 'about:blank', title, status },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

/**
 * `POST /api/uploads?workspaceId=…` with the file as the raw body (Content-Type and an
 * optional `X-Filename`, URI-encoded): stores a sample for a test run and answers its media
 * reference. Streams to the media store; 413 past the size limit, 415 for what is not a
 * photo or video, 401/403/404 for who may not.
 */
export async function POST(req: Request) {
  const user = await getSessionUser();
  if (!user) return problem(401, 'Sign in to upload');
  const workspaceId = new URL(req.url).searchParams.get('workspaceId');
  if (!workspaceId || !z.uuid().safeParse(workspaceId).success) return problem(400, 'workspaceId (a UUID) is required');
  const lengthHeader = req.headers.get('content-length');
  let filename: string | null;
  try {
    const raw = req.headers.get('x-filename');
    filename = raw ? decodeURIComponent(raw) : null;
  } catch {
    return problem(400, 'X-Filename must be URI-encoded');
  }
  const web = await getEngine();
  const outcome = await uploadSample({
    db: getDb(),
    userId: user.id,
    workspaceId,
    body: req.body,
    declaredLength: lengthHeader === null ? null : Number(lengthHeader),
    contentType: req.headers.get('content-type') ?? '',
    filename,
    maxBytes: env().CONVEYOR_MAX_MEDIA_BYTES,
    media: web.media,
  });
  if (!outcome.ok) return problem(outcome.status, outcome.title);
  return Response.json(outcome.media, { status: 201 });
}
