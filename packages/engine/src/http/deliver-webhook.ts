import { setTimeout as delay } from 'node:timers/promises';
import { OutboundHttpError } from './errors.ts';
import type { GuardedRequestInit } from './guarded-fetch.ts';
import { SIGNATURE_HEADER, signPayload } from '@conveyor/nodes/server';

/** What deliverWebhook needs of a fetch: the guarded one in production and in tests. */
export type DeliveryFetch = (input: string, init: GuardedRequestInit) => Promise<Response>;

export interface BackoffOptions {
  /** Delay before the second attempt; doubles each time. Default 1 s. */
  baseMs?: number;
  /** Ceiling for one delay, Retry-After included. Default 60 s. */
  maxMs?: number;
}

export interface DeliverWebhookOptions {
  /** Always the SSRF-guarded fetch: the URL comes from a user's workflow or trigger. */
  fetch: DeliveryFetch;
  url: string;
  /** Serialised once, so every attempt sends (and signs) the very same bytes. */
  payload: unknown;
  secret: string;
  /** Same on every attempt, so the receiver can drop duplicates (derived from run and node). */
  idempotencyKey: string;
  headers?: Record<string, string>;
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  backoff?: BackoffOptions;
  /** Injected by tests; the real one waits (and stops waiting when `signal` aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  signal?: AbortSignal;
}

/** One row of `webhook_deliveries`. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  outcome: 'delivered' | 'failed';
  /** Set when a response came back. */
  responseStatus: number | null;
  /** Readable reason of a failure: the error, or the status with the start of the body. */
  error: string | null;
  /** `http_<status>` or the OutboundHttpError code (`timeout`, `connection_failed`, `ssrf_blocked`, …). */
  errorCode: string | null;
  /** Whether this failure was worth another attempt (another one followed if attempts were left). */
  retryable: boolean;
  /** The wait before the next attempt, when there was one. */
  delayMs: number | null;
}

export interface WebhookDeliveryResult {
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

/** Only the start of a receiver's error body is kept: enough to read, bounded for the database. */
const ERROR_BODY_CHARS = 300;

/**
 * Exponential backoff with equal jitter: a random delay in [d/2, d] where
 * d = base · 2^(attempt-1), capped — retries of many deliveries that failed together
 * (a receiver outage) spread out instead of returning in lockstep.
 */
export function backoffDelayMs(failedAttempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const d = Math.min(max, base * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(d / 2 + (random() * d) / 2);
}

function retryAfterMs(response: Response, now: Date): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

async function bodySnippet(response: Response): Promise<string> {
  try {
    const text = await response.text();
    return text.length > ERROR_BODY_CHARS ? `${text.slice(0, ERROR_BODY_CHARS)}…` : text;
  } catch {
    return '';
  }
}

/**
 * POSTs a signed JSON payload and retries what can succeed later — 5xx, timeouts,
 * connection failures — but never a 4xx (the receiver said no) or a refused address.
 * Never throws for a failed delivery: the caller stores every attempt and decides.
 */
export async function deliverWebhook(options: DeliverWebhookOptions): Promise<WebhookDeliveryResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const random = options.random ?? Math.random;
  const maxDelay = options.backoff?.maxMs ?? 60_000;
  const body = JSON.stringify(options.payload);
  const attempts: DeliveryAttempt[] = [];

  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const startedAt = now();
    const started = performance.now();
    const record: DeliveryAttempt = {
      attempt,
      startedAt,
      durationMs: 0,
      outcome: 'failed',
      responseStatus: null,
      error: null,
      errorCode: null,
      retryable: false,
      delayMs: null,
    };
    let serverDelay: number | undefined;
    try {
      const response = await options.fetch(options.url, {
        method: 'POST',
        body,
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'idempotency-key': options.idempotencyKey,
          'conveyor-delivery-attempt': String(attempt),
          // Signed per attempt: a retry an hour later must still be inside the receiver's window.
          [SIGNATURE_HEADER.toLowerCase()]: signPayload(options.secret, body, startedAt),
        },
        timeoutMs: options.timeoutMs ?? 10_000,
        signal: options.signal ?? null,
      });
      record.responseStatus = response.status;
      if (response.ok) {
        record.outcome = 'delivered';
        await response.body?.cancel().catch(() => {});
      } else {
        const snippet = await bodySnippet(response);
        record.error = `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`;
        record.errorCode = `http_${response.status}`;
        record.retryable = response.status >= 500;
        serverDelay = retryAfterMs(response, now());
      }
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      record.errorCode = error instanceof OutboundHttpError ? error.code : 'error';
      record.retryable = error instanceof OutboundHttpError && error.retryable && !options.signal?.aborted;
    }
    record.durationMs = Math.round(performance.now() - started);
    attempts.push(record);

    if (record.outcome === 'delivered') return { delivered: true, attempts };
    if (!record.retryable || attempt === maxAttempts) break;

    record.delayMs = Math.min(maxDelay, Math.max(backoffDelayMs(attempt, options.backoff, random), serverDelay ?? 0));
    try {
      await sleep(record.delayMs, options.signal);
    } catch {
      break; // aborted while waiting: stop, the attempts so far are the record
    }
  }
  return { delivered: false, attempts };
}
