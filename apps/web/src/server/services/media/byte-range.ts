import { Readable } from 'node:stream';

export type ByteRange = { start: number; end: number };

/**
 * The single byte range of a `Range` header (RFC 9110 §14.1.2) against a representation of
 * `size` bytes: `{start, end}` (inclusive), `'unsatisfiable'` (→ 416), or null when the
 * header is absent, not `bytes=`, or asks for several ranges (→ serve the whole body,
 * which the RFC allows).
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (!first && !last) return null;
  if (!first) {
    // Suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last ? Math.min(Number(last), size - 1) : size - 1;
  if (start >= size || (last && Number(last) < start)) return 'unsatisfiable';
  return { start, end };
}

/**
 * The bytes [start, end] of a stream. The store hands out whole-object streams (an S3 store
 * would do ranged GETs natively); skipping on a local disk costs little next to sending.
 * Leaving the loop early destroys the source, so the file is closed at once.
 */
export function sliceStream(source: Readable, { start, end }: ByteRange): Readable {
  async function* slice() {
    let offset = 0;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const chunkStart = offset;
      offset += chunk.length;
      if (offset <= start) continue;
      const from = Math.max(0, start - chunkStart);
      const to = Math.min(chunk.length, end - chunkStart + 1);
      if (from < to) yield chunk.subarray(from, to);
      if (offset > end) return;
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
