import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { MediaTooLargeError } from './errors.ts';
import type { MediaSource } from './media-store.ts';

export interface HashingLimiter extends Transform {
  /** Hex sha256 and byte count of everything that passed; valid once the stream has finished. */
  digest(): { sha256: string; size: number };
}

/**
 * Hashes and counts bytes on their way to storage, failing the pipeline with
 * MediaTooLargeError as soon as they pass `maxBytes` — the source is not read further,
 * so an endless upload costs at most `maxBytes` of disk.
 */
export function createHashingLimiter(maxBytes: number): HashingLimiter {
  const hash = createHash('sha256');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        callback(new MediaTooLargeError(maxBytes, size));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  let digest: string | undefined;
  return Object.assign(transform, {
    digest() {
      digest ??= hash.digest('hex');
      return { sha256: digest, size };
    },
  });
}

/** Every accepted source as a Node stream, for `pipeline`. */
export function toReadable(source: MediaSource): Readable {
  if (source instanceof Readable) return source;
  if (source instanceof Uint8Array) return Readable.from([source], { objectMode: false });
  if (source instanceof ReadableStream) return Readable.fromWeb(source as NodeReadableStream);
  return Readable.from(source, { objectMode: false });
}
