import { Readable } from 'node:stream';
import { z } from 'zod';
import { getSessionUser } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { getEngine } from '@/server/engine';
import { parseRange, sliceStream } from '@/server/services/media/byte-range';
import { findMediaForUser } from '@/server/services/media/find-media-for-user';

export const dynamic = 'force-dynamic';

const problem = (status: number, title: string) =>
  Response.json(
    { type: 'about:blank', title, status },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

/**
 * Media bytes for signed-in members of the media's workspace: sniffed Content-Type, the
 * sha256 as a strong ETag (304 on a match), single byte ranges for video seeking, private
 * caching. Unknown ids and other workspaces' ids are both 404. Served with a sandboxing CSP
 * so an uploaded SVG or HTML can never run script on our origin.
 */
async function serve(req: Request, { params }: { params: Promise<{ id: string }> }, withBody: boolean) {
  const user = await getSessionUser();
  if (!user) return problem(401, 'Sign in to view media');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return problem(404, 'Media not found');
  const media = await findMediaForUser({ db: getDb(), userId: user.id, mediaId: id });
  if (!media) return problem(404, 'Media not found');

  const etag = `"${media.sha256}"`;
  const headers = new Headers({
    'Content-Type': media.contentType,
    ETag: etag,
    'Cache-Control': 'private, max-age=86400',
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'Content-Disposition': `inline${media.originalName ? `; filename*=UTF-8''${encodeURIComponent(media.originalName)}` : ''}`,
  });
  const ifNoneMatch = req.headers.get('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return new Response(null, { status: 304, headers });
  }

  // If-Range: a range only applies to the representation the client already has.
  const ifRange = req.headers.get('if-range');
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.get('range'), media.size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${media.size}`);
    return new Response(null, { status: 416, headers });
  }
  const { store } = await getEngine();
  if (!(await store.stat(media.storageKey))) return problem(404, 'Media bytes are missing from the store');
  const status = range ? 206 : 200;
  headers.set('Content-Length', String(range ? range.end - range.start + 1 : media.size));
  if (range) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${media.size}`);
  if (!withBody) return new Response(null, { status, headers });
  const whole = await store.get(media.storageKey);
  const body = range ? sliceStream(whole, range) : whole;
  return new Response(Readable.toWeb(body) as ReadableStream, { status, headers });
}

export const GET = (req: Request, ctx: { params: Promise<{ id: string }> }) => serve(req, ctx, true);
export const HEAD = (req: Request, ctx: { params: Promise<{ id: string }> }) => serve(req, ctx, false);
