/**
 * RFC 9457 problem details for the public HTTP API (`/api/hooks/*`, `/api/v1/*`). Every
 * error has a stable `type` URI, one per failure a client can act on differently; the
 * catalogue below is the whole list (the OpenAPI document and the bad-input corpus use it).
 */
export const PROBLEM_BASE = 'https://conveyor.dev/problems/';

export const PROBLEMS = {
  // Request shape
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'invalid-utf8': { status: 400, title: 'The body is not valid UTF-8' },
  'malformed-multipart': { status: 400, title: 'The multipart body is malformed or truncated' },
  'body-incomplete': { status: 400, title: 'The body ended before its declared length' },
  'invalid-header': { status: 400, title: 'A request header is invalid' },
  'invalid-cursor': { status: 400, title: 'The pagination cursor is invalid' },
  'body-timeout': { status: 408, title: 'The body did not arrive in time' },
  'body-too-large': { status: 413, title: 'The body is larger than this endpoint accepts' },
  'media-too-large': { status: 413, title: 'A media file is larger than allowed' },
  'unsupported-content-type': { status: 415, title: 'This content type is not accepted' },
  'media-type-not-allowed': { status: 415, title: 'This kind of media is not accepted' },
  'media-type-mismatch': { status: 415, title: 'The media is not what its label says' },
  'json-too-deep': { status: 422, title: 'The JSON is nested too deeply' },
  'json-too-large': { status: 422, title: 'The JSON has too many elements' },
  'unsupported-character': { status: 422, title: 'The JSON contains a character that cannot be stored' },
  'invalid-input': { status: 422, title: 'The input does not have the expected shape' },
  'media-empty': { status: 422, title: 'A media file is empty' },
  'media-corrupt': { status: 422, title: 'A media file cannot be read' },
  'too-many-files': { status: 422, title: 'Too many media files in one request' },
  'media-url-invalid': { status: 422, title: 'A media URL is not an http(s) address' },
  'media-url-blocked': { status: 422, title: 'A media URL points at a private or internal address' },
  'media-url-unreachable': { status: 422, title: 'A media URL could not be downloaded' },
  'validation-failed': { status: 422, title: 'The request does not match the schema' },
  // Authentication and authorisation
  'signature-missing': { status: 401, title: 'The Conveyor-Signature header is missing' },
  'signature-malformed': { status: 401, title: 'The Conveyor-Signature header is malformed' },
  'signature-mismatch': { status: 401, title: 'The signature does not match the body' },
  'signature-expired': { status: 401, title: 'The signature timestamp is outside the tolerance window' },
  'signature-replayed': { status: 401, title: 'This signature was already used' },
  'token-missing': { status: 401, title: 'An API token is required' },
  'token-invalid': { status: 401, title: 'The API token is invalid, expired or revoked' },
  forbidden: { status: 403, title: 'The token’s role does not allow this' },
  'trigger-disabled': { status: 403, title: 'This trigger is disabled' },
  // Resources and state
  'not-found': { status: 404, title: 'Not found' },
  'trigger-not-found': { status: 404, title: 'No such trigger' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'workflow-not-published': { status: 409, title: 'The workflow has no published version' },
  conflict: { status: 409, title: 'The resource is not in a state that allows this' },
  'idempotency-key-invalid': { status: 400, title: 'The Idempotency-Key header is invalid' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different body' },
  // Load
  'rate-limited': { status: 429, title: 'Too many requests for this trigger' },
  'backlog-full': { status: 429, title: 'The workflow’s backlog is full' },
  'queue-saturated': { status: 503, title: 'The run queue is saturated' },
  'internal-error': { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof PROBLEMS;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const problemType = (slug: ProblemSlug) => `${PROBLEM_BASE}${slug}`;

/** A failure that becomes a problem+json response; services throw it, routes render it. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    detail?: string,
    readonly options: {
      /** Seconds, for 429/503 (and 408: when to try again is "now, faster"). */
      retryAfterSec?: number;
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(detail ?? PROBLEMS[slug].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = PROBLEMS[slug].status;
  }

  get body(): ProblemBody {
    return {
      type: problemType(this.slug),
      title: PROBLEMS[this.slug].title,
      status: this.status,
      detail: this.message,
      ...this.options.extensions,
    };
  }
}

export const problem = (slug: ProblemSlug, detail?: string, options?: ProblemError['options']) =>
  new ProblemError(slug, detail, options);

export function problemResponse(error: ProblemError, instance?: string): Response {
  const headers = new Headers({ 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  if (error.options.retryAfterSec !== undefined)
    headers.set('retry-after', String(Math.max(1, Math.ceil(error.options.retryAfterSec))));
  for (const [k, v] of Object.entries(error.options.headers ?? {})) headers.set(k, v);
  // 408/413: the rest of the body is not read; ask the client not to reuse the connection.
  if (error.status === 408 || error.status === 413) headers.set('connection', 'close');
  return new Response(JSON.stringify(instance ? { ...error.body, instance } : error.body), {
    status: error.status,
    headers,
  });
}

/** Any throw → a problem response; unknown errors become a 500 without internals. */
export function toProblemResponse(error: unknown, instance?: string, log?: (error: unknown) => void): Response {
  if (error instanceof ProblemError) return problemResponse(error, instance);
  log?.(error);
  return problemResponse(problem('internal-error', 'An unexpected error occurred; it was logged.'), instance);
}
