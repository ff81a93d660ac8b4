import { NonRetriableError, RetryableError } from '../sdk/errors.ts';
import { defineExecutor } from '../sdk/executor.ts';
import type { RecordValue } from '../sdk/port-values.ts';
import { bodySnippet, describeFetchFailure, readLimited, retryAfterMs } from './outbound-http.ts';
import { SIGNATURE_HEADER, signPayload } from './signature.server.ts';
import { webhookDefinition } from './webhook.definition.ts';

/** Response bodies larger than this are not kept in the step output (which is size-limited). */
export const MAX_RESPONSE_BODY_BYTES = 256 * 1024;

/** Statuses worth trying again: the receiver is down, overloaded or slow, not refusing. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * The JSON sent, identical on every attempt: built only from the run, the node and the
 * inputs (never the clock), with object keys sorted so the bytes — and so the receiver's
 * dedupe and signature checks — do not depend on how the inputs were stored.
 *
 * `{ runId, nodeId, payload }`: `payload` is the value that reached the node, or the list
 * of values when several branches delivered one each.
 */
export function webhookBody(runId: string, nodeId: string, payload: unknown): string {
  const values = Array.isArray(payload) ? payload : [payload];
  return canonicalJson({ runId, nodeId, payload: values.length === 1 ? values[0] : values });
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/**
 * POSTs (or PUTs) the payload as signed JSON. One attempt per execution: retries are the
 * engine's, which re-runs the node with backoff on a RetryableError — honouring a
 * receiver's Retry-After — until the config's `maxAttempts`, after which the failure is
 * final. A 4xx other than 408/429 is the receiver saying no: never retried.
 */
export const webhookExecutor = defineExecutor(webhookDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  const body = webhookBody(ctx.runId, ctx.nodeId, inputs.payload);
  const secret = await ctx.secrets.get(config.secret);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const init: RequestInit & { timeoutMs: number } = {
    method: config.method,
    headers: {
      ...config.headers,
      'content-type': 'application/json',
      'idempotency-key': ctx.idempotencyKey,
      'conveyor-delivery-attempt': String(ctx.attempt),
      // Signed per attempt: a retry an hour later must still be inside the receiver's window.
      [SIGNATURE_HEADER]: signPayload(secret, body, ctx.now()),
    },
    body,
    signal: AbortSignal.any([ctx.signal, timeout]),
    // The guarded fetch has its own deadline (30 s by default); the node's setting rules.
    timeoutMs: config.timeoutMs,
  };

  const giveUpOr = (error: RetryableError): never => {
    if (ctx.attempt >= config.maxAttempts) {
      throw new NonRetriableError(`${error.message} (attempt ${ctx.attempt} of ${config.maxAttempts}; giving up)`, {
        code: 'webhook_failed',
        cause: error,
      });
    }
    throw error;
  };

  let response: Response;
  try {
    response = await ctx.fetch(config.url, init);
  } catch (error) {
    // Canceled run or the step's own timeout: the engine decides, not this node.
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    const failure = describeFetchFailure(error);
    switch (failure.kind) {
      case 'timeout':
        return giveUpOr(
          new RetryableError(`Webhook ${config.url} did not answer within ${config.timeoutMs} ms`, {
            code: 'timeout',
            cause: error,
          }),
        );
      case 'connection':
        return giveUpOr(
          new RetryableError(`Webhook ${config.url} unreachable: ${failure.message}`, {
            code: 'connection_failed',
            cause: error,
          }),
        );
      case 'blocked':
        throw new NonRetriableError(`Webhook address refused: ${failure.message}`, {
          code: 'url_blocked',
          cause: error,
        });
      case 'too_large':
        throw new NonRetriableError(`Webhook response too large: ${failure.message}`, {
          code: 'webhook_response_too_large',
          cause: error,
        });
      case 'redirect':
        throw new NonRetriableError(`Webhook redirect not followed: ${failure.message}`, {
          code: 'webhook_redirect_failed',
          cause: error,
        });
      default:
        throw error;
    }
  }

  if (!response.ok) {
    const snippet = await bodySnippet(response);
    const what = `Webhook ${config.url} answered ${response.status}${snippet ? `: ${snippet}` : ''}`;
    if (isRetryableStatus(response.status)) {
      const after = retryAfterMs(response.headers, ctx.now());
      return giveUpOr(
        new RetryableError(what, {
          code: `http_${response.status}`,
          ...(after === undefined ? {} : { retryAfterMs: after }),
        }),
      );
    }
    throw new NonRetriableError(what, { code: 'webhook_rejected' });
  }

  const result = await readResponse(response);
  ctx.logger.info('webhook delivered', { url: config.url, status: response.status, attempt: ctx.attempt });
  return { outputs: { response: result } };
});

/**
 * A 2xx means delivered: from here nothing may fail the step, or the engine would deliver
 * again. A body too large for the step output, or one that broke off, is reported as such.
 */
async function readResponse(response: Response): Promise<RecordValue> {
  const contentType = response.headers.get('content-type') ?? '';
  const out: RecordValue = { status: response.status, ok: true, contentType: contentType || null };
  let limited;
  try {
    limited = await readLimited(response, MAX_RESPONSE_BODY_BYTES);
  } catch (error) {
    return { ...out, body: null, bodyError: describeFetchFailure(error).message };
  }
  if (limited.overflow) return { ...out, body: null, bodyTooLarge: true };
  const text = new TextDecoder().decode(limited.bytes);
  if (/[/+]json\b/i.test(contentType) && text.trim() !== '') {
    try {
      return { ...out, body: JSON.parse(text) as unknown };
    } catch {
      // Says JSON, is not: keep the text so the mistake is visible.
    }
  }
  return { ...out, body: text };
}
