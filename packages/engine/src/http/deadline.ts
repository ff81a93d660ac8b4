import { HttpTimeoutError } from './errors.ts';

export interface Deadline {
  /** Aborted when the time is up (reason: HttpTimeoutError) or the caller aborts (their reason). */
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  /** Aborts the request early, e.g. when the body grew past its limit. */
  abort(reason: unknown): void;
  /** Stops the timer and lets go of the caller's signal; call once the body is done. */
  clear(): void;
}

/**
 * One timer for the whole exchange — DNS, connect, every redirect hop and the body — so a
 * server that trickles one byte a second cannot hold a step for longer than its budget.
 */
export function startDeadline(url: string, timeoutMs: number, callerSignal?: AbortSignal | null): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new HttpTimeoutError(url, 'total', timeoutMs));
  }, timeoutMs);
  // An abandoned, unread body must not keep the process alive; an open socket still does.
  timer.unref();

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    abort: (reason) => controller.abort(reason),
    clear() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
