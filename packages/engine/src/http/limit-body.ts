import { ResponseTooLargeError } from './errors.ts';

export interface LimitBodyOptions {
  url: string;
  maxBytes: number;
  /** Turns a read failure of the source into the error the reader sees (timeouts, resets). */
  mapError(error: unknown): unknown;
  /** Stops the underlying request: an oversize body must not keep downloading. */
  abort(reason: unknown): void;
  /** Called once when the body is finished, failed or cancelled (releases the deadline timer). */
  onSettled(): void;
}

/**
 * Passes the body through until `maxBytes`, then fails the stream with
 * ResponseTooLargeError. Failing, never truncating: a cut-off image or JSON document
 * that looks complete is worse than a loud error (blueprint, "Media").
 */
export function limitBody(source: ReadableStream<Uint8Array>, options: LimitBodyOptions): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    options.onSettled();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        settle();
        controller.error(options.mapError(error));
        return;
      }
      if (chunk.done) {
        settle();
        controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (received > options.maxBytes) {
        const error = new ResponseTooLargeError(options.url, options.maxBytes, received);
        settle();
        options.abort(error);
        reader.cancel(error).catch(() => {});
        controller.error(error);
        return;
      }
      controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      settle();
      await reader.cancel(reason).catch(() => {});
    },
  });
}
