import type { Readable } from 'node:stream';

/** Bytes to store: whole, or streamed (a Node stream, a web ReadableStream, any async iterable). */
export type MediaSource = Uint8Array | Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface PutMediaOptions {
  /** Larger input fails with MediaTooLargeError and leaves nothing behind. */
  maxBytes: number;
}

export interface StoredMedia {
  sha256: string;
  size: number;
  storageKey: string;
  /** False when the same bytes were already stored (the put was a no-op). */
  created: boolean;
}

export interface MediaStat {
  sha256: string;
  size: number;
  storageKey: string;
}

/**
 * Content-addressed byte store (claim-check): bytes go in once, keyed by their sha256,
 * and only keys travel in jobs and step outputs. It knows nothing of workspaces, content
 * types or names — the `media_objects` row holds those and points here by storageKey;
 * two workspaces uploading the same photo share the bytes, not the row.
 *
 * Mapping to an S3-compatible store (not implemented yet), same keys under a bucket prefix:
 * - put: stream to a unique `tmp/<uuid>` object (multipart upload) while hashing and
 *   counting with the same limiter as the local store (abort the upload on oversize), then
 *   CopyObject to the final key with `If-None-Match: *` (conditional write: a 412 means
 *   the bytes were already there, `created: false`) and delete the temp object; a
 *   lifecycle rule expires `tmp/` leftovers. Small sources can skip the temp object:
 *   their hash is known before PutObject.
 * - get: GetObject → Body stream (NoSuchKey → MediaNotFoundError); read: the same, collected.
 * - stat: HeadObject → ContentLength (404 → null).
 * - delete: DeleteObject (S3 does not say whether the key existed: HeadObject first).
 */
export interface MediaStore {
  put(source: MediaSource, options: PutMediaOptions): Promise<StoredMedia>;
  /** A stream of the bytes; rejects with MediaNotFoundError when nothing is stored. */
  get(storageKey: string): Promise<Readable>;
  /** The bytes in memory (small media, model inputs); MediaNotFoundError when missing. */
  read(storageKey: string): Promise<Buffer>;
  stat(storageKey: string): Promise<MediaStat | null>;
  /** True when something was deleted. Callers check that no media_objects row still points here. */
  delete(storageKey: string): Promise<boolean>;
}
