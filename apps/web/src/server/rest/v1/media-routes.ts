import { z } from 'zod';
import { MediaNotFoundError } from '@conveyor/engine/server';
import { problem } from '../problem.ts';
import { defineRoute } from './define-route.ts';

export const mediaRoutes = [
  defineRoute({
    method: 'get',
    path: '/media/{mediaId}',
    operationId: 'getMedia',
    summary: 'The bytes of a media object of the workspace',
    description: 'Content-Type is the type sniffed from the bytes at upload, not the uploader’s label.',
    tags: ['media'],
    permission: 'run:read',
    params: z.object({ mediaId: z.uuid() }),
    response: { status: 200, description: 'The media bytes', binary: true },
    problems: ['not-found', 'validation-failed'],
    example: { params: { mediaId: '00000000-0000-4000-8000-000000000000' } },
    async handle({ ctx, principal, params }) {
      const { rows } = await ctx.db.pool.query<{
        storage_key: string;
        content_type: string;
        size: string;
        sha256: string;
        original_name: string | null;
      }>(
        `SELECT storage_key, content_type, size, sha256, original_name FROM media_objects
          WHERE id = $1 AND workspace_id = $2`,
        [params.mediaId, principal.workspaceId],
      );
      const media = rows[0];
      if (!media) throw problem('not-found', 'No media with this id in the token’s workspace');
      let stream;
      try {
        stream = await ctx.store.get(media.storage_key);
      } catch (error) {
        if (error instanceof MediaNotFoundError) throw problem('not-found', 'The media bytes are gone from the store');
        throw error;
      }
      const { Readable } = await import('node:stream');
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        status: 200,
        headers: {
          'content-type': media.content_type,
          'content-length': media.size,
          etag: `"${media.sha256}"`,
          'cache-control': 'private, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
          ...(media.original_name
            ? { 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(media.original_name)}` }
            : {}),
        },
      });
    },
  }),
];
