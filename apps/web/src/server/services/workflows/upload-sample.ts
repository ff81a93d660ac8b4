import type { Db } from '@conveyor/db';
import type { MediaRef, MediaStore } from '@conveyor/nodes';
import { can } from '../../auth/permissions.ts';

export type UploadOutcome =
  | { ok: true; media: MediaRef & { filename: string | null } }
  | { ok: false; status: 400 | 403 | 404 | 411 | 413 | 415; title: string };

/**
 * A sample file for a test run, streamed into the workspace's media store. The caller must
 * be allowed to start runs in the workspace (non-members get 404, like an unknown
 * workspace). The size limit is checked on the declared length first and again while
 * streaming (the store refuses past it and keeps nothing); the type is sniffed from the
 * bytes, never taken from the client.
 */
export async function uploadSample(o: {
  db: Db;
  userId: string;
  workspaceId: string;
  body: ReadableStream<Uint8Array> | null;
  declaredLength: number | null;
  contentType: string;
  filename: string | null;
  maxBytes: number;
  media: (workspaceId: string) => MediaStore;
}): Promise<UploadOutcome> {
  const membership = await o.db.prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: o.workspaceId, userId: o.userId } },
    select: { role: true },
  });
  if (!membership) return { ok: false, status: 404, title: 'Workspace not found' };
  if (!can(membership.role, 'run:start')) {
    return { ok: false, status: 403, title: `Your role (${membership.role}) cannot start test runs` };
  }
  if (!o.body) return { ok: false, status: 400, title: 'The request has no body: send the file as the body' };
  const limitMb = Math.round((o.maxBytes / 1024 / 1024) * 10) / 10;
  if (o.declaredLength !== null && o.declaredLength > o.maxBytes) {
    return { ok: false, status: 413, title: `The file is larger than the ${limitMb} MB limit` };
  }
  try {
    const ref = await o.media(o.workspaceId).put(o.body, {
      contentType: o.contentType || 'application/octet-stream',
      ...(o.filename ? { filename: o.filename.slice(0, 255) } : {}),
    });
    // Lineage: where the bytes came from (the store records every put as a node's).
    await o.db.prisma.mediaObject.updateMany({
      where: { id: ref.mediaId, workspaceId: o.workspaceId },
      data: { source: { kind: 'upload', purpose: 'test-run', userId: o.userId } },
    });
    return { ok: true, media: { ...ref, filename: o.filename } };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'media_too_large') {
      return { ok: false, status: 413, title: `The file is larger than the ${limitMb} MB limit` };
    }
    if (code === 'unsupported_media' || code === 'empty') {
      return {
        ok: false,
        status: 415,
        title: `Not a supported photo or video: ${(error as Error).message}`,
      };
    }
    throw error;
  }
}
