import type { Db } from '@conveyor/db';
import {
  NonRetriableError,
  type MediaPutOptions,
  type MediaRef,
  type MediaStore as NodeMediaStore,
} from '@conveyor/nodes/server';
import { MediaError, MediaNotFoundError } from './errors.ts';
import { sniffStoredMedia } from './sniff-media.ts';
import type { MediaStore } from './media-store.ts';

export interface WorkspaceMediaOptions {
  db: Pick<Db, 'pool'>;
  store: MediaStore;
  workspaceId: string;
  /** Per-object cap for media produced by nodes (frames, crops, downloads). */
  maxBytes: number;
}

/**
 * The media store as executors see it (`ctx.media`): bytes in the content-addressed store,
 * one `media_objects` row per workspace and sha256 — so references are scoped to a
 * workspace and the same bytes stored twice share one row. The content type recorded is
 * the one sniffed from the bytes, never the caller's label; empty, corrupt, oversize or
 * unsupported media fail here (NonRetriableError with the media error's code) and leave
 * nothing behind.
 */
export function createWorkspaceMedia(o: WorkspaceMediaOptions): NodeMediaStore {
  return {
    async put(data, options: MediaPutOptions): Promise<MediaRef> {
      let stored;
      let sniffed;
      try {
        stored = await o.store.put(data as never, { maxBytes: o.maxBytes });
        try {
          sniffed = await sniffStoredMedia(o.store, stored.storageKey, { declaredType: options.contentType });
        } catch (error) {
          // Bytes nobody else had: remove them. Shared bytes stay (another row owns them).
          if (stored.created) await o.store.delete(stored.storageKey).catch(() => {});
          throw error;
        }
      } catch (error) {
        if (error instanceof MediaError) throw new NonRetriableError(error.message, { code: error.code, cause: error });
        throw error;
      }
      const width = options.width ?? sniffed.width;
      const height = options.height ?? sniffed.height;
      const { rows } = await o.db.pool.query<{ id: string }>(
        `INSERT INTO media_objects (workspace_id, sha256, size, content_type, storage_key, original_name, width, height, duration_ms, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{"kind":"node"}')
         ON CONFLICT (workspace_id, sha256) DO UPDATE SET sha256 = EXCLUDED.sha256
         RETURNING id`,
        [
          o.workspaceId,
          stored.sha256,
          stored.size,
          sniffed.contentType,
          stored.storageKey,
          options.filename ?? null,
          width ?? null,
          height ?? null,
          options.durationMs ?? null,
        ],
      );
      return {
        mediaId: rows[0]!.id,
        sha256: stored.sha256,
        contentType: sniffed.contentType,
        size: stored.size,
        ...(width ? { width } : {}),
        ...(height ? { height } : {}),
        ...(options.durationMs ? { durationMs: options.durationMs } : {}),
      };
    },
    async get(ref) {
      const key = await storageKey(o, ref);
      if (!key) throw new MediaNotFoundError(`media ${ref.mediaId} is not in this workspace`);
      return new Uint8Array(await o.store.read(key));
    },
    async stat(ref) {
      const { rows } = await o.db.pool.query<{
        id: string;
        sha256: string;
        content_type: string;
        size: string;
        width: number | null;
        height: number | null;
        duration_ms: number | null;
      }>(
        'SELECT id, sha256, content_type, size, width, height, duration_ms FROM media_objects WHERE id = $1 AND workspace_id = $2',
        [ref.mediaId, o.workspaceId],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        mediaId: row.id,
        sha256: row.sha256,
        contentType: row.content_type,
        size: Number(row.size),
        ...(row.width ? { width: row.width } : {}),
        ...(row.height ? { height: row.height } : {}),
        ...(row.duration_ms ? { durationMs: row.duration_ms } : {}),
      };
    },
  };
}

async function storageKey(o: WorkspaceMediaOptions, ref: MediaRef): Promise<string | undefined> {
  const { rows } = await o.db.pool.query<{ storage_key: string }>(
    'SELECT storage_key FROM media_objects WHERE id = $1 AND workspace_id = $2',
    [ref.mediaId, o.workspaceId],
  );
  return rows[0]?.storage_key;
}
