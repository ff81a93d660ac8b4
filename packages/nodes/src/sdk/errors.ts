/**
 * Typed errors an executor throws. Each carries its retry meaning (does trying again
 * help?) and its audience (who must act: the analyst who configured the node, the
 * operator running the platform, or a developer for a bug) — the engine routes on
 * both, and the editor shows `user` errors next to the offending field.
 */

export type ErrorAudience = 'user' | 'operational' | 'unexpected';

export abstract class NodeError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  abstract readonly audience: ErrorAudience;
}

/**
 * The node's configuration cannot work (bad regex, unknown model, missing credential).
 * Never retried: the same config fails the same way until an analyst edits it.
 */
export class NodeConfigError extends NodeError {
  override readonly name = 'NodeConfigError';
  readonly code = 'node_config';
  readonly retryable = false;
  readonly audience = 'user';
  /** Dotted path inside the node's config, e.g. `rows[2].conditions[0].field`. */
  readonly field: string;

  constructor(message: string, options: { field: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
  }
}

/** A transient failure (timeout, 503, rate limit). The engine retries with backoff. */
export class RetryableError extends NodeError {
  override readonly name = 'RetryableError';
  readonly code: string;
  readonly retryable = true;
  readonly audience = 'operational';
  /** The earliest sensible retry, e.g. from a `Retry-After` header; overrides backoff. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.retryAfterMs !== undefined && !(options.retryAfterMs >= 0)) {
      throw new RangeError('retryAfterMs must be a non-negative number');
    }
    this.code = options.code ?? 'retryable';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A permanent failure (4xx from a receiver, corrupt media). Retrying cannot help. */
export class NonRetriableError extends NodeError {
  override readonly name = 'NonRetriableError';
  readonly code: string;
  readonly retryable = false;
  readonly audience = 'operational';

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'non_retriable';
  }
}

/** JSON-safe error form, stored on the step row and sent out on error ports. */
export interface SerializedError {
  name: string;
  message: string;
  code: string;
  retryable: boolean;
  audience: ErrorAudience;
  retryAfterMs?: number;
  field?: string;
  stack?: string;
  cause?: SerializedError;
}

const MAX_CAUSE_DEPTH = 5;

/**
 * Whether the engine should try again. Unknown errors are retried, as inngest does:
 * most of them in practice are network blips, and the attempt limit bounds real bugs.
 * A `TimeoutError` (per-node timeout fired the signal) is transient; an `AbortError`
 * means the run was canceled, which must not be undone by a retry.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NodeError) return error.retryable;
  if (isNamedError(error, 'AbortError')) return false;
  return true;
}

export function serializeError(error: unknown, options: { stack?: boolean } = {}): SerializedError {
  return serializeAt(error, options.stack ?? false, 0);
}

function serializeAt(error: unknown, withStack: boolean, depth: number): SerializedError {
  const base = describe(error);
  const out: SerializedError = { ...base };
  if (error instanceof Error) {
    if (withStack && error.stack !== undefined) out.stack = error.stack;
    if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      out.cause = serializeAt(error.cause, withStack, depth + 1);
    }
  }
  return out;
}

function describe(error: unknown): Omit<SerializedError, 'stack' | 'cause'> {
  if (error instanceof NodeConfigError) {
    return { ...common(error), field: error.field };
  }
  if (error instanceof RetryableError) {
    return error.retryAfterMs === undefined ? common(error) : { ...common(error), retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof NodeError) return common(error);
  if (isNamedError(error, 'TimeoutError')) {
    return { name: 'TimeoutError', message: error.message, code: 'timeout', retryable: true, audience: 'operational' };
  }
  if (isNamedError(error, 'AbortError')) {
    return { name: 'AbortError', message: error.message, code: 'aborted', retryable: false, audience: 'operational' };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, code: 'unexpected', retryable: true, audience: 'unexpected' };
  }
  return { name: 'Error', message: stringify(error), code: 'unexpected', retryable: true, audience: 'unexpected' };
}

function common(error: NodeError): Omit<SerializedError, 'stack' | 'cause'> {
  return {
    name: error.name,
    message: error.message,
    code: error.code,
    retryable: error.retryable,
    audience: error.audience,
  };
}

/** Abort/timeout errors are DOMExceptions in Node and browsers, not Error subclasses everywhere. */
function isNamedError(error: unknown, name: string): error is { name: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === name &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
