import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { startDeadline, type Deadline } from './deadline.ts';
import {
  errorCode,
  HttpConnectionError,
  HttpRedirectError,
  HttpTimeoutError,
  OutboundHttpError,
  ResponseTooLargeError,
  SsrfBlockedError,
} from './errors.ts';
import { createGuardedConnector, systemResolveHost, type ResolveHost } from './guarded-connector.ts';
import { createAddressPolicy, type AllowListOptions } from './ip-policy.ts';
import { limitBody } from './limit-body.ts';

export interface GuardedFetchOptions extends AllowListOptions {
  /** Budget for the whole exchange: DNS, connect, redirects and reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Budget for one TCP/TLS connect. Default 10 s (never more than timeoutMs). */
  connectTimeoutMs?: number;
  /** Largest body accepted; more fails with ResponseTooLargeError. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Redirect hops followed before HttpRedirectError. Default 5. */
  maxRedirects?: number;
  /** Name resolution; tests inject one that maps a name to a private address. */
  resolveHost?: ResolveHost;
  userAgent?: string;
}

/** Per-request overrides on top of the standard RequestInit. */
export interface GuardedRequestInit extends RequestInit {
  timeoutMs?: number;
  maxResponseBytes?: number;
}

/** Same call shape as `fetch` (and as `GuardedFetch` of @conveyor/nodes), plus `close`. */
export interface GuardedFetch {
  (input: string | URL, init?: GuardedRequestInit): Promise<Response>;
  /** Closes pooled keep-alive connections. */
  close(): Promise<void>;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Conveyor (+outbound)',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Sent to the original origin only (as the Fetch standard does for Authorization). */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

function checkScheme(url: URL): URL {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SsrfBlockedError({ reason: 'scheme', url: url.href, hostname: url.hostname || undefined });
  }
  return url;
}

function isReplayable(body: RequestInit['body']): boolean {
  return body == null || !(body instanceof ReadableStream || Symbol.asyncIterator in Object(body));
}

/**
 * The only way Conveyor code talks to the outside: media ingest, node webhooks, run
 * callbacks. Every connection goes through the guarded connector (resolve, check every
 * address, connect to the checked one), redirects are followed here hop by hop so each
 * hop is checked again, and the body is size- and time-limited.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const settings = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
  };
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs, settings.timeoutMs);
  const connector = createGuardedConnector({
    policy: createAddressPolicy(options),
    resolve: options.resolveHost ?? systemResolveHost,
    connectTimeoutMs,
  });
  const dispatcher = new Agent({ connect: connector });

  function mapError(error: unknown, url: string, deadline: Deadline, timeoutMs: number): unknown {
    if (deadline.timedOut) return new HttpTimeoutError(url, 'total', timeoutMs);
    if (error instanceof OutboundHttpError) return error;
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof SsrfBlockedError) {
      // The connector only knows origin; name the full URL of the hop that was refused.
      return new SsrfBlockedError({ ...cause, url });
    }
    if (cause instanceof OutboundHttpError) return cause;
    if (deadline.signal.aborted) return deadline.signal.reason; // the caller's own abort
    if (errorCode(cause) === 'UND_ERR_CONNECT_TIMEOUT') return new HttpTimeoutError(url, 'connect', connectTimeoutMs);
    // undici's network failures: 'fetch failed' before a response, 'terminated' while
    // reading the body (reset, closed early), or its own UND_ERR_* errors. Anything else
    // (a bad init, a programming error) passes through untouched.
    if (error instanceof TypeError && (error.message === 'fetch failed' || error.message === 'terminated')) {
      return new HttpConnectionError(url, cause ?? error);
    }
    if (errorCode(error)?.startsWith('UND_ERR_')) return new HttpConnectionError(url, error);
    return error;
  }

  const guardedFetch = async (input: string | URL, init: GuardedRequestInit = {}): Promise<Response> => {
    const timeoutMs = init.timeoutMs ?? settings.timeoutMs;
    const maxBytes = init.maxResponseBytes ?? settings.maxResponseBytes;
    let url = checkScheme(new URL(input));
    const deadline = startDeadline(url.href, timeoutMs, init.signal);
    let bodyHandedOver = false;
    try {
      let method = (init.method ?? 'GET').toUpperCase();
      let body = init.body ?? null;
      const headers = new Headers(init.headers);
      if (!headers.has('user-agent')) headers.set('user-agent', settings.userAgent);
      const redirectMode = init.redirect ?? 'follow';

      for (let hop = 0; ; hop += 1) {
        const hopInit: UndiciRequestInit = {
          method,
          headers: [...headers],
          body: body as UndiciRequestInit['body'],
          signal: deadline.signal,
          redirect: 'manual',
          dispatcher,
        };
        if (!isReplayable(body)) hopInit.duplex = 'half';
        const response = await undiciFetch(url, hopInit);
        const location = response.headers.get('location');

        if (!REDIRECT_STATUSES.has(response.status) || redirectMode === 'manual' || location === null) {
          const wrapped = wrapResponse(response, url.href, hop > 0, maxBytes, deadline, (error) =>
            mapError(error, url.href, deadline, timeoutMs),
          );
          bodyHandedOver = true;
          return wrapped;
        }
        await response.body?.cancel().catch(() => {});
        if (redirectMode === 'error') throw new HttpRedirectError(url.href, 'refused', 'redirect: "error" was set');
        if (hop >= settings.maxRedirects) {
          throw new HttpRedirectError(url.href, 'too-many', `more than ${settings.maxRedirects} redirects`);
        }
        const next = checkScheme(new URL(location, url));
        // Fetch-standard method rewriting: 303 (any method but HEAD) and 301/302 after POST become GET.
        const toGet =
          (response.status === 303 && method !== 'GET' && method !== 'HEAD') ||
          ((response.status === 301 || response.status === 302) && method === 'POST');
        if (toGet) {
          method = 'GET';
          body = null;
          for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language']) {
            headers.delete(name);
          }
        } else if (!isReplayable(body)) {
          throw new HttpRedirectError(url.href, 'body-not-replayable', 'a streamed request body cannot be sent twice');
        }
        if (next.origin !== url.origin) for (const name of ORIGIN_BOUND_HEADERS) headers.delete(name);
        url = next;
      }
    } catch (error) {
      throw mapError(error, url.href, deadline, timeoutMs);
    } finally {
      if (!bodyHandedOver) deadline.clear();
    }
  };

  return Object.assign(guardedFetch, { close: () => dispatcher.close() });
}

/**
 * Re-wraps undici's response as a standard Response whose body is limited and whose
 * stream errors are the typed ones. The deadline keeps running until the body is read.
 */
function wrapResponse(
  response: Awaited<ReturnType<typeof undiciFetch>>,
  url: string,
  redirected: boolean,
  maxBytes: number,
  deadline: Deadline,
  mapError: (error: unknown) => unknown,
): Response {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    const error = new ResponseTooLargeError(url, maxBytes, declared);
    deadline.abort(error);
    throw error;
  }
  const headers = new Headers([...response.headers]);
  const init = { status: response.status, statusText: response.statusText, headers };
  let body: ReadableStream<Uint8Array> | null = null;
  if (response.body && !NULL_BODY_STATUSES.has(response.status)) {
    body = limitBody(response.body as ReadableStream<Uint8Array>, {
      url,
      maxBytes,
      mapError,
      abort: (reason) => deadline.abort(reason),
      onSettled: () => deadline.clear(),
    });
  } else {
    void response.body?.cancel().catch(() => {});
    deadline.clear();
  }
  const wrapped = new Response(body, init);
  // A constructed Response has an empty url; callers resolve relative links against it.
  Object.defineProperty(wrapped, 'url', { value: url });
  Object.defineProperty(wrapped, 'redirected', { value: redirected });
  return wrapped;
}
