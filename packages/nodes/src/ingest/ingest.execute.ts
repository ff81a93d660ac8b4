import { z } from 'zod';
import type { NodeContext } from '../sdk/context.ts';
import { NonRetriableError, RetryableError } from '../sdk/errors.ts';
import { defineExecutor } from '../sdk/executor.ts';
import { mediaRefSchema, type MediaRef, type RecordValue } from '../sdk/port-values.ts';
import { bodySnippet, describeFetchFailure, retryAfterMs } from '../webhook/outbound-http.ts';
import { ingestDefinition } from './ingest.definition.ts';

/**
 * Ingest turns the run's input (the engine hands an entry node `{ input: <run input> }`)
 * into media references and a case record. Accepted shapes:
 *
 * 1. Envelope — only the keys `record`, `media`, `mediaUrls`:
 *    `{ record?: {…}, media?: MediaRef[], mediaUrls?: string[] }`. `media` are uploads
 *    already in this workspace's store (a webhook trigger or the upload API put them
 *    there); `mediaUrls` are downloaded through the SSRF-guarded `ctx.fetch`.
 * 2. A plain JSON object: the record. `media` / `mediaUrls` keys in it, if any, are taken
 *    out as above and the remaining keys are the record, so `{ claimId, mediaUrls }` works.
 * 3. Nothing (`undefined`/`null`): an empty record without media.
 *
 * Limits from the config: file count (checked before any download), size per file (the
 * download stops at the limit — refused, never truncated), sniffed content type (the
 * media store sniffs on put; the type it returns is what counts), required case fields.
 */

export const INGEST_ENVELOPE_KEYS = ['record', 'media', 'mediaUrls'] as const;

export interface IngestRequest {
  record: RecordValue;
  media: MediaRef[];
  mediaUrls: string[];
}

const mediaListSchema = z.array(mediaRefSchema);
const urlListSchema = z.array(z.string().min(1).max(2048));

function invalid(message: string): NonRetriableError {
  return new NonRetriableError(`Invalid run input: ${message}`, { code: 'invalid_input' });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the run input into its parts; a shape that fits none of the documented ones fails. */
export function parseIngestInput(input: unknown): IngestRequest {
  if (input === undefined || input === null) return { record: {}, media: [], mediaUrls: [] };
  if (!isPlainObject(input))
    throw invalid(`expected a JSON object, got ${Array.isArray(input) ? 'an array' : typeof input}`);

  const { record: recordField, media: mediaField, mediaUrls: urlsField, ...rest } = input;
  let record: RecordValue;
  if (recordField !== undefined && isPlainObject(recordField)) {
    if (Object.keys(rest).length > 0) {
      throw invalid(
        `case fields go either under "record" or at the top level, not both (found ${Object.keys(rest).slice(0, 5).join(', ')})`,
      );
    }
    record = recordField;
  } else {
    // `record` that is not an object is just a case field with that name.
    record = recordField === undefined ? rest : { record: recordField, ...rest };
  }

  let media: MediaRef[] = [];
  if (mediaField !== undefined) {
    const parsed = mediaListSchema.safeParse(mediaField);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(
        `"media" must be a list of media references (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
      );
    }
    media = parsed.data;
  }
  let mediaUrls: string[] = [];
  if (urlsField !== undefined) {
    const parsed = urlListSchema.safeParse(urlsField);
    if (!parsed.success) throw invalid('"mediaUrls" must be a list of http(s) addresses');
    mediaUrls = parsed.data;
  }
  return { record, media, mediaUrls };
}

/** `image/*` matches every image type; otherwise an exact match (parameters ignored). */
export function contentTypeAccepted(contentType: string, accepted: readonly string[]): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return accepted.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : type === p;
  });
}

/** Fields that are absent, null or blank. */
export function missingFields(record: RecordValue, required: readonly string[]): string[] {
  return required.filter((name) => {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}

type IngestContext = Pick<NodeContext, 'fetch' | 'media' | 'signal' | 'logger' | 'now'>;

interface Limits {
  maxBytes: number;
  maxFileMb: number;
  acceptedTypes: readonly string[];
}

export const ingestExecutor = defineExecutor(ingestDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  const request = parseIngestInput((inputs as { input?: unknown }).input);

  const missing = missingFields(request.record, config.requiredFields);
  if (missing.length > 0) {
    throw new NonRetriableError(
      `Missing required case field${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`,
      {
        code: 'missing_fields',
      },
    );
  }
  // Counted before anything is downloaded: a thousand URLs are refused, not fetched.
  const count = request.media.length + request.mediaUrls.length;
  if (count > config.maxFiles) {
    throw new NonRetriableError(`${count} files submitted; at most ${config.maxFiles} are accepted`, {
      code: 'too_many_files',
    });
  }
  if (count < config.minFiles) {
    throw new NonRetriableError(
      `${count} file${count === 1 ? '' : 's'} submitted; at least ${config.minFiles} needed`,
      {
        code: 'too_few_files',
      },
    );
  }

  const limits: Limits = {
    maxBytes: Math.floor(config.maxFileMb * 1024 * 1024),
    maxFileMb: config.maxFileMb,
    acceptedTypes: config.acceptedTypes,
  };
  const media: MediaRef[] = [];
  for (const ref of request.media) media.push(await checkStored(ctx, ref, limits));
  // One at a time: each download may be up to the size limit, and memory is shared.
  for (const url of request.mediaUrls) media.push(await download(ctx, url, limits));

  ctx.logger.info('ingested', {
    uploads: request.media.length,
    downloads: request.mediaUrls.length,
    fields: Object.keys(request.record).length,
  });
  return { outputs: { media, record: request.record } };
});

/** An upload must exist in this workspace; its stored metadata, not the input's claim, is checked. */
async function checkStored(ctx: IngestContext, ref: MediaRef, limits: Limits): Promise<MediaRef> {
  const stored = await ctx.media.stat(ref);
  if (stored === null) {
    throw new NonRetriableError(`Media ${ref.mediaId} is not in this workspace's store`, { code: 'media_not_found' });
  }
  checkLimits(stored, `upload ${stored.mediaId}`, limits);
  return stored;
}

function checkLimits(ref: MediaRef, name: string, limits: Limits): void {
  if (ref.size === 0) throw new NonRetriableError(`${name} is empty (0 bytes)`, { code: 'empty_media' });
  if (ref.size > limits.maxBytes) {
    throw new NonRetriableError(`${name} is ${ref.size} bytes, over the ${limits.maxFileMb} MB limit`, {
      code: 'media_too_large',
    });
  }
  if (!contentTypeAccepted(ref.contentType, limits.acceptedTypes)) {
    throw new NonRetriableError(
      `${name} is ${ref.contentType}, which this step does not accept (accepted: ${limits.acceptedTypes.join(', ')})`,
      { code: 'unsupported_media_type' },
    );
  }
}

function fileNameOf(url: URL): string | undefined {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    const name = decodeURIComponent(last).trim();
    return name === '' ? undefined : name.slice(0, 255);
  } catch {
    return last === '' ? undefined : last.slice(0, 255);
  }
}

class DownloadTooLarge extends Error {
  override name = 'DownloadTooLarge';
}

async function download(ctx: IngestContext, address: string, limits: Limits): Promise<MediaRef> {
  const url = URL.parse(address);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new NonRetriableError(`Not an http(s) address: ${address.slice(0, 200)}`, { code: 'invalid_url' });
  }
  const filename = fileNameOf(url);
  const name = `${filename ?? 'file'} (${url.href})`;

  const init: RequestInit & { maxResponseBytes: number } = {
    method: 'GET',
    signal: ctx.signal,
    // The guarded fetch refuses a larger body itself (typed ResponseTooLargeError).
    maxResponseBytes: limits.maxBytes,
  };
  let response: Response;
  try {
    response = await ctx.fetch(url.href, init);
  } catch (error) {
    throw fetchError(ctx, error, name, limits);
  }

  if (!response.ok) {
    const snippet = await bodySnippet(response, 200);
    const what = `Downloading ${name} failed with HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`;
    // 408 and 429 say "later", not "no": retried like a 5xx.
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      const after = retryAfterMs(response.headers, ctx.now());
      throw new RetryableError(what, {
        code: `http_${response.status}`,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      });
    }
    throw new NonRetriableError(what, { code: 'url_fetch_failed' });
  }

  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(name, limits);
  }
  if (response.body === null || declared === 0) {
    throw new NonRetriableError(`${name} is empty (0 bytes)`, { code: 'empty_media' });
  }

  const claimed = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let ref: MediaRef;
  try {
    ref = await ctx.media.put(limitStream(response.body, limits.maxBytes), {
      // A hint only: the store sniffs the bytes and returns the real type.
      contentType: claimed || 'application/octet-stream',
      ...(filename === undefined ? {} : { filename }),
    });
  } catch (error) {
    throw putError(ctx, error, name, limits);
  }
  checkLimits(ref, name, limits);
  ctx.logger.debug('downloaded', { url: url.href, mediaId: ref.mediaId, size: ref.size, contentType: ref.contentType });
  return ref;
}

/** Counts bytes as they stream into the store and fails past the limit, whatever the server announced. */
function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new DownloadTooLarge(`more than ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

function tooLarge(name: string, limits: Limits): NonRetriableError {
  return new NonRetriableError(`${name} is larger than the ${limits.maxFileMb} MB limit`, { code: 'media_too_large' });
}

function fetchError(ctx: IngestContext, error: unknown, name: string, limits: Limits): unknown {
  if (ctx.signal.aborted) return ctx.signal.reason ?? error;
  const failure = describeFetchFailure(error);
  switch (failure.kind) {
    case 'too_large':
      return tooLarge(name, limits);
    case 'blocked':
      return new NonRetriableError(`Downloading ${name} refused: ${failure.message}`, {
        code: 'url_blocked',
        cause: error,
      });
    case 'timeout':
      return new RetryableError(`Downloading ${name} timed out: ${failure.message}`, { code: 'timeout', cause: error });
    case 'connection':
      return new RetryableError(`Downloading ${name} failed: ${failure.message}`, {
        code: 'connection_failed',
        cause: error,
      });
    case 'redirect':
      return new NonRetriableError(`Downloading ${name} failed: ${failure.message}`, {
        code: 'url_fetch_failed',
        cause: error,
      });
    default:
      return error;
  }
}

/** Failures while the body streams into the store: the limit, the network, or the store's own checks. */
function putError(ctx: IngestContext, error: unknown, name: string, limits: Limits): unknown {
  if (ctx.signal.aborted) return ctx.signal.reason ?? error;
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  if (error instanceof DownloadTooLarge || e['name'] === 'MediaTooLargeError') return tooLarge(name, limits);
  if (e['name'] === 'UnsupportedMediaError') {
    if (e['reason'] === 'empty') return new NonRetriableError(`${name} is empty (0 bytes)`, { code: 'empty_media' });
    const detected = typeof e['detectedType'] === 'string' ? ` (${e['detectedType']})` : '';
    return new NonRetriableError(`${name}${detected} is not a supported media file: ${String(e['message'])}`, {
      code: 'unsupported_media_type',
      cause: error,
    });
  }
  return fetchError(ctx, error, name, limits);
}
