/**
 * Typed failures of outbound HTTP. Callers map them by class (or by `code`, which survives
 * serialisation into step errors and delivery rows): a webhook trigger's callback URL that
 * is blocked is a 422 for the API and a non-retriable step failure for a node, while a
 * timeout or a refused connection is worth retrying.
 */
export abstract class OutboundHttpError extends Error {
  abstract readonly code: string;
  /** Whether trying the same request again later can succeed. */
  abstract readonly retryable: boolean;
}

export type SsrfBlockReason =
  /** Only http: and https: may leave the process (no file:, data:, gopher:, …). */
  | 'scheme'
  /** The host is, or resolves to, an address outside the public unicast space. */
  | 'address';

export class SsrfBlockedError extends OutboundHttpError {
  readonly code = 'ssrf_blocked';
  readonly retryable = false;
  readonly reason: SsrfBlockReason;
  readonly url: string;
  readonly hostname: string | undefined;
  /** The refused address as connected to (after DNS), e.g. `169.254.169.254`. */
  readonly address: string | undefined;
  /** ipaddr.js range name of the address: `loopback`, `private`, `linkLocal`, … */
  readonly range: string | undefined;

  constructor(details: {
    reason: SsrfBlockReason;
    url: string;
    hostname?: string | undefined;
    address?: string | undefined;
    range?: string | undefined;
  }) {
    const target = details.address ?? details.hostname ?? details.url;
    const why =
      details.reason === 'scheme'
        ? `scheme of ${details.url} is not http or https`
        : `${target} is a ${details.range ?? 'non-public'} address` +
          (details.hostname && details.hostname !== details.address ? ` (host ${details.hostname})` : '');
    super(`Outbound request refused: ${why}`);
    this.name = 'SsrfBlockedError';
    this.reason = details.reason;
    this.url = details.url;
    this.hostname = details.hostname;
    this.address = details.address;
    this.range = details.range;
  }
}

export class ResponseTooLargeError extends OutboundHttpError {
  readonly code = 'response_too_large';
  readonly retryable = false;
  constructor(
    readonly url: string,
    readonly limitBytes: number,
    /** Bytes seen when the limit tripped, or the announced Content-Length. */
    readonly receivedBytes: number,
  ) {
    super(`Response from ${url} exceeds the limit of ${limitBytes} bytes (got at least ${receivedBytes})`);
    this.name = 'ResponseTooLargeError';
  }
}

export class HttpTimeoutError extends OutboundHttpError {
  readonly code = 'timeout';
  readonly retryable = true;
  constructor(
    readonly url: string,
    /** `connect`: no TCP/TLS connection in time; `total`: the whole exchange took too long. */
    readonly phase: 'connect' | 'total',
    readonly timeoutMs: number,
  ) {
    super(`Request to ${url} timed out (${phase}, ${timeoutMs} ms)`);
    this.name = 'HttpTimeoutError';
  }
}

/** Refused, reset, unresolvable host, broken TLS: the request never got a response. */
export class HttpConnectionError extends OutboundHttpError {
  readonly code = 'connection_failed';
  readonly retryable = true;
  /** The system or undici code of the cause, e.g. `ECONNREFUSED`, `ENOTFOUND`. */
  readonly causeCode: string | undefined;
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const causeCode = errorCode(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Request to ${url} failed: ${causeCode ? `${causeCode} ` : ''}${detail}`, { cause });
    this.name = 'HttpConnectionError';
    this.causeCode = causeCode;
  }
}

export type RedirectFailure = 'too-many' | 'missing-location' | 'body-not-replayable' | 'refused';

export class HttpRedirectError extends OutboundHttpError {
  readonly code = 'redirect_failed';
  readonly retryable = false;
  constructor(
    readonly url: string,
    readonly reason: RedirectFailure,
    detail: string,
  ) {
    super(`Redirect from ${url} not followed: ${detail}`);
    this.name = 'HttpRedirectError';
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
