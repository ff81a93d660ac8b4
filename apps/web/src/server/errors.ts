/**
 * Errors that services throw and the API layer turns into responses. `code` says how the
 * caller should treat it (the HTTP-ish class); `reason` is a stable, machine-readable
 * string the UI and tests can switch on (`last_owner`, `invite_expired`, …).
 */
export type AppErrorCode =
  'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason: string;
  /** For TOO_MANY_REQUESTS: when trying again makes sense. */
  readonly retryAfterMs: number | undefined;

  constructor(code: AppErrorCode, reason: string, message: string, options: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.reason = reason;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export const notFound = (what: string, reason = `${what.toLowerCase().replaceAll(' ', '_')}_not_found`) =>
  new AppError('NOT_FOUND', reason, `${what} not found`);

export const forbidden = (message: string, reason = 'forbidden') => new AppError('FORBIDDEN', reason, message);

export const conflict = (reason: string, message: string) => new AppError('CONFLICT', reason, message);
