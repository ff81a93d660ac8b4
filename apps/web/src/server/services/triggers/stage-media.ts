import { Readable } from 'node:stream';
import busboy from 'busboy';
import {
  MediaError,
  MediaTooLargeError,
  OutboundHttpError,
  SsrfBlockedError,
  UnsupportedMediaError,
  sniffStoredMedia,
  type GuardedFetch,
  type MediaStore,
  type SniffedMedia,
  type StoredMedia,
} from '@conveyor/engine/server';
import type { Db, SqlClient } from '@conveyor/db';
import type { MediaRef } from '@conveyor/nodes';
import { problem, ProblemError } from '../../rest/problem.ts';

/**
 * Media received with a webhook are *staged*: bytes go to the content-addressed store as
 * they stream in (never held whole in memory), sniffed, but no `media_objects` row is
 * written until the run that uses them is created, in the same transaction. A request that
 * fails at any point discards what it staged, so nothing is left behind.
 */
export interface StagedMedia {
  stored: StoredMedia;
  sniffed: SniffedMedia;
  originalName: string | null;
  source: { kind: 'upload'; field: string } | { kind: 'url'; url: string };
}

const GENERIC_LABELS = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Stores and sniffs one file; a refused file is removed again (unless the bytes were already stored). */
export async function stageOne(
  store: MediaStore,
  source: Readable | ReadableStream<Uint8Array>,
  o: { maxBytes: number; declaredType: string | null; name: string | null; from: StagedMedia['source'] },
): Promise<StagedMedia> {
  let stored: StoredMedia;
  try {
    stored = await store.put(source as never, { maxBytes: o.maxBytes });
  } catch (error) {
    throw mediaProblem(error, o.name);
  }
  try {
    const declared = o.declaredType?.split(';')[0]?.trim().toLowerCase() ?? '';
    const sniffed = await sniffStoredMedia(store, stored.storageKey, {
      declaredType: GENERIC_LABELS.has(declared) ? null : declared,
    });
    if (sniffed.mislabelled) {
      throw problem(
        'media-type-mismatch',
        `${label(o.name)} is labelled ${declared} but its bytes are ${sniffed.contentType}`,
        { extensions: { declared, detected: sniffed.contentType } },
      );
    }
    return { stored, sniffed, originalName: o.name, source: o.from };
  } catch (error) {
    if (stored.created) await store.delete(stored.storageKey).catch(() => {});
    throw mediaProblem(error, o.name);
  }
}

function label(name: string | null) {
  return name ? `"${name}"` : 'A file';
}

function mediaProblem(error: unknown, name: string | null): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof MediaTooLargeError)
    return problem('media-too-large', `${label(name)} is larger than ${error.maxBytes} bytes`, {
      extensions: { maxBytes: error.maxBytes },
    });
  if (error instanceof UnsupportedMediaError) {
    const detail = `${label(name)}: ${error.message}`;
    if (error.reason === 'empty') return problem('media-empty', detail);
    if (error.reason === 'corrupt') return problem('media-corrupt', detail);
    return problem('media-type-not-allowed', detail, { extensions: { detected: error.detectedType ?? null } });
  }
  if (error instanceof MediaError) return problem('media-corrupt', `${label(name)}: ${error.message}`);
  return error;
}

export interface MultipartResult {
  fields: Record<string, string>;
  media: StagedMedia[];
}

/**
 * Streams a multipart body: fields are collected (small, bounded), each file goes straight
 * into the store under the per-file limit. The first failure stops reading and discards
 * whatever was staged; a body that ends before its closing boundary is malformed.
 */
export async function stageMultipart(
  chunks: AsyncIterable<Uint8Array>,
  contentType: string,
  o: { store: MediaStore; db: Pick<Db, 'pool'>; maxFileBytes: number; maxFiles: number },
): Promise<MultipartResult> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: o.maxFiles, fields: 200, fieldSize: 256 * 1024, parts: o.maxFiles + 200 },
    });
  } catch (error) {
    throw problem('malformed-multipart', error instanceof Error ? error.message : 'Bad multipart boundary');
  }
  const fields: Record<string, string> = {};
  const media: StagedMedia[] = [];
  const pending: Promise<void>[] = [];
  const input = Readable.from(chunks, { objectMode: false });

  const active = new Set<Readable>();
  const outcome = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.unpipe(parser);
      input.destroy();
      // Files mid-write stop here (their partial bytes are removed by the store).
      for (const stream of active) stream.destroy(error instanceof Error ? error : new Error(String(error)));
      reject(error);
    };
    input.on('error', fail);
    parser.on('error', (error: Error) => fail(problem('malformed-multipart', error.message)));
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(problem('malformed-multipart', `Field "${name}" is longer than 256 KiB`));
      else if (value.includes('\u0000')) fail(problem('unsupported-character', `Field "${name}" contains U+0000`));
      else fields[name] = value;
    });
    parser.on('filesLimit', () =>
      fail(
        problem('too-many-files', `More than ${o.maxFiles} files in one request`, {
          extensions: { maxFiles: o.maxFiles },
        }),
      ),
    );
    parser.on('partsLimit', () => fail(problem('malformed-multipart', 'Too many parts')));
    parser.on('fieldsLimit', () => fail(problem('malformed-multipart', 'Too many fields')));
    parser.on('file', (field, stream, info) => {
      active.add(stream);
      stream.on('error', () => {}); // reported through stageOne
      stream.on('close', () => active.delete(stream));
      const staging = stageOne(o.store, stream, {
        maxBytes: o.maxFileBytes,
        declaredType: info.mimeType,
        name: info.filename ?? null,
        from: { kind: 'upload', field },
      })
        .then((staged) => void media.push(staged))
        .catch((error: unknown) => {
          stream.resume(); // drain, so the parser can report the end
          fail(error);
        });
      pending.push(staging);
    });
    parser.on('close', () => {
      void Promise.all(pending).then(() => (failed ? undefined : resolve()));
    });
    input.pipe(parser);
  });

  try {
    await outcome;
    await Promise.allSettled(pending);
    return { fields, media };
  } catch (error) {
    // Files still being written finish (or fail) before they are discarded.
    await Promise.allSettled(pending);
    await discardStagedMedia(o.store, o.db, media);
    throw error;
  }
}

/**
 * Downloads media URLs through the SSRF-guarded fetch (private, loopback, link-local and
 * metadata addresses refused — checked again after DNS and on every redirect), one after
 * another, each under the per-file limit.
 */
export async function stageUrls(
  urls: string[],
  o: { store: MediaStore; db: Pick<Db, 'pool'>; fetch: GuardedFetch; maxFileBytes: number; timeoutMs: number },
): Promise<StagedMedia[]> {
  const media: StagedMedia[] = [];
  try {
    for (const raw of urls) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw problem('media-url-invalid', `${JSON.stringify(raw.slice(0, 200))} is not a URL`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw problem('media-url-invalid', `${url.protocol} URLs are not accepted; use http or https`);
      let response: Response;
      try {
        response = await o.fetch(url.href, {
          method: 'GET',
          timeoutMs: o.timeoutMs,
          maxResponseBytes: o.maxFileBytes,
        });
      } catch (error) {
        throw urlProblem(error, url.href);
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw problem('media-url-unreachable', `${url.href} answered HTTP ${response.status}`, {
          extensions: { url: url.href, responseStatus: response.status },
        });
      }
      const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
      try {
        media.push(
          await stageOne(o.store, Readable.fromWeb(body as never), {
            maxBytes: o.maxFileBytes,
            declaredType: response.headers.get('content-type'),
            name: decodeURIComponent(url.pathname.split('/').pop() || '') || null,
            from: { kind: 'url', url: url.href },
          }),
        );
      } catch (error) {
        throw urlProblem(error, url.href);
      }
    }
    return media;
  } catch (error) {
    await discardStagedMedia(o.store, o.db, media);
    throw error;
  }
}

function urlProblem(error: unknown, url: string): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof SsrfBlockedError)
    return problem('media-url-blocked', error.message, {
      extensions: { url, address: error.address ?? null, range: error.range ?? null },
    });
  if (error instanceof OutboundHttpError && error.code === 'response_too_large')
    return problem('media-too-large', `${url} is larger than allowed`);
  if (error instanceof OutboundHttpError)
    return problem('media-url-unreachable', error.message, { extensions: { url, code: error.code } });
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof OutboundHttpError) return urlProblem(cause, url);
  return problem('media-url-unreachable', error instanceof Error ? error.message : String(error), {
    extensions: { url },
  });
}

/** Bytes this request added and no row points at are removed; shared bytes stay. */
export async function discardStagedMedia(store: MediaStore, db: Pick<Db, 'pool'>, media: StagedMedia[]) {
  for (const m of media) {
    if (!m.stored.created) continue;
    const { rows } = await db.pool
      .query('SELECT 1 FROM media_objects WHERE storage_key = $1 LIMIT 1', [m.stored.storageKey])
      .catch(() => ({ rows: [1] }));
    if (rows.length === 0) await store.delete(m.stored.storageKey).catch(() => {});
  }
}

/** The rows, in the run's transaction: one per workspace and sha256 (an existing one is reused). */
export async function commitStagedMedia(
  client: SqlClient,
  workspaceId: string,
  media: StagedMedia[],
): Promise<MediaRef[]> {
  const refs: MediaRef[] = [];
  for (const m of media) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO media_objects (workspace_id, sha256, size, content_type, storage_key, original_name, width, height, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workspace_id, sha256) DO UPDATE SET sha256 = EXCLUDED.sha256
       RETURNING id`,
      [
        workspaceId,
        m.stored.sha256,
        m.stored.size,
        m.sniffed.contentType,
        m.stored.storageKey,
        m.originalName,
        m.sniffed.width ?? null,
        m.sniffed.height ?? null,
        JSON.stringify(m.source),
      ],
    );
    refs.push({
      mediaId: rows[0]!.id,
      sha256: m.stored.sha256,
      contentType: m.sniffed.contentType,
      size: m.stored.size,
      ...(m.sniffed.width ? { width: m.sniffed.width } : {}),
      ...(m.sniffed.height ? { height: m.sniffed.height } : {}),
    });
  }
  return refs;
}
