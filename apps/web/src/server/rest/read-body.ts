import { problem, ProblemError } from './problem.ts';

export interface BodyLimits {
  /** Bytes accepted in all; one more fails with 413 and the rest is not read. */
  maxBytes: number;
  /** Longest wait for the next chunk; a body that stalls fails with 408. */
  idleTimeoutMs: number;
  /** Longest time for the whole body (a trickle that never stalls still ends). */
  totalTimeoutMs: number;
}

/**
 * The request body as chunks, with the limits enforced as it streams: the declared
 * Content-Length is checked before anything is read, the running count after each chunk,
 * and a stall or a trickle is cut off. Every chunk goes to `onChunk` first (signature MAC,
 * idempotency hash) so nothing reads the body twice.
 */
export async function* readBodyChunks(
  request: Request,
  limits: BodyLimits,
  onChunk?: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d+$/.test(declared)) throw problem('invalid-header', 'Content-Length is not a number');
    if (Number(declared) > limits.maxBytes) throw tooLarge(limits.maxBytes);
  }
  if (!request.body) return;
  const reader = request.body.getReader();
  const started = Date.now();
  let received = 0;
  let done = false;
  try {
    while (!done) {
      const remaining = limits.totalTimeoutMs - (Date.now() - started);
      const next = await readWithTimeout(reader, Math.min(limits.idleTimeoutMs, Math.max(0, remaining)));
      if (next.done) {
        done = true;
        break;
      }
      received += next.value.byteLength;
      if (received > limits.maxBytes) throw tooLarge(limits.maxBytes);
      onChunk?.(next.value);
      yield next.value;
    }
    if (declared !== null && received < Number(declared)) {
      throw problem('body-incomplete', `Received ${received} of ${declared} bytes`);
    }
  } finally {
    // Stop reading what is left (a 413/408 answer does not wait for the rest).
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The whole body in memory: only for bodies whose limit is small (JSON). */
export async function readBody(
  request: Request,
  limits: BodyLimits,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of readBodyChunks(request, limits, onChunk)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): ProblemError {
  return problem('body-too-large', `The body is larger than ${maxBytes} bytes`, { extensions: { maxBytes } });
}

async function readWithTimeout(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(problem('body-timeout', `No body bytes arrived for ${Math.round(ms)} ms`, { retryAfterSec: 1 })),
      ms,
    );
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    // The client went away or the connection broke mid-body.
    throw problem('body-incomplete', 'The connection closed before the body was complete', { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
