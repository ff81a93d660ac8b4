/**
 * Reading what `ctx.fetch` says, shared by the executors that talk HTTP (webhook, ingest).
 * The engine's guarded fetch throws typed errors (SsrfBlockedError, ResponseTooLargeError,
 * HttpTimeoutError, HttpConnectionError, HttpRedirectError) from packages/engine, which
 * this package must not import (imports flow engine → nodes), so they are recognised by
 * name — the contract the engine documents — with `retryable` as the fallback.
 */

export type FetchFailureKind = 'blocked' | 'too_large' | 'timeout' | 'connection' | 'redirect' | 'aborted' | 'other';

export interface FetchFailure {
  kind: FetchFailureKind;
  message: string;
}

const BY_NAME: Readonly<Record<string, FetchFailureKind>> = {
  SsrfBlockedError: 'blocked',
  ResponseTooLargeError: 'too_large',
  HttpTimeoutError: 'timeout',
  // AbortSignal.timeout() fires a DOMException named TimeoutError.
  TimeoutError: 'timeout',
  HttpConnectionError: 'connection',
  HttpRedirectError: 'redirect',
  AbortError: 'aborted',
};

export function describeFetchFailure(error: unknown): FetchFailure {
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const name = typeof e['name'] === 'string' ? e['name'] : '';
  const message = typeof e['message'] === 'string' ? e['message'] : String(error);
  const byName = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (byName !== undefined) return { kind: byName, message };
  // The platform fetch (tests, or a runtime without the guard) reports network failures so.
  if (error instanceof TypeError && (message === 'fetch failed' || message === 'terminated')) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'connection', message: `${message}${cause}` };
  }
  if (e['retryable'] === true) return { kind: 'connection', message };
  return { kind: 'other', message };
}

/** A receiver may ask for a pause; one longer than this is not honoured in full. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** `Retry-After` as milliseconds from `now` (seconds or an HTTP date), capped; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now.getTime());
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

export interface LimitedBody {
  bytes: Uint8Array;
  /** True when the body went on past `maxBytes`; `bytes` then holds only the start. */
  overflow: boolean;
}

/** Reads at most `maxBytes` (+1 to tell overflow) of a body and cancels the rest. */
export async function readLimited(response: Response, maxBytes: number): Promise<LimitedBody> {
  if (response.body === null) return { bytes: new Uint8Array(0), overflow: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { bytes: concat(chunks, maxBytes), overflow: true };
      }
    }
  } finally {
    reader.releaseLock();
  }
  return { bytes: concat(chunks, size), overflow: false };
}

function concat(chunks: readonly Uint8Array[], limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= limit) break;
    const part = chunk.subarray(0, limit - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** The start of an error body, for messages: enough to read, bounded. */
export async function bodySnippet(response: Response, chars = 300): Promise<string> {
  try {
    const { bytes, overflow } = await readLimited(response, chars * 4);
    const text = new TextDecoder().decode(bytes).replace(/\s+/g, ' ').trim();
    return text.length > chars || overflow ? `${text.slice(0, chars)}…` : text;
  } catch {
    return '';
  }
}
