import { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '@/server/errors';
import type { EvidenceFile } from './submit-evidence.ts';

/**
 * A multipart body as a sequence of files, each streamed as it arrives (never buffered
 * whole): the consumer stores one file before the next is read. Text fields are collected
 * into `fields` as they pass.
 */
export function multipartFiles(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limits: { maxFiles: number },
): { files: AsyncIterable<EvidenceFile>; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: limits.maxFiles, fields: 20, fieldSize: 16 * 1024 },
    });
  } catch {
    throw new AppError('BAD_REQUEST', 'malformed_multipart', 'Send the files as multipart/form-data');
  }
  const files = (async function* () {
    const queue: ({ file: EvidenceFile } | { error: unknown } | { done: true })[] = [];
    let wake: (() => void) | undefined;
    const push = (item: (typeof queue)[number]) => {
      queue.push(item);
      wake?.();
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => push({ file: { filename: info.filename || 'upload', stream } }));
    parser.on('filesLimit', () =>
      push({ error: new AppError('BAD_REQUEST', 'too_many_files', `Upload at most ${limits.maxFiles} files at once`) }),
    );
    parser.on('error', (error) =>
      push({ error: new AppError('BAD_REQUEST', 'malformed_multipart', (error as Error).message) }),
    );
    parser.on('close', () => push({ done: true }));
    const input = Readable.fromWeb(body as never);
    input.on('error', (error) => push({ error }));
    input.pipe(parser);
    try {
      for (;;) {
        while (!queue.length) await new Promise<void>((r) => (wake = r));
        const item = queue.shift()!;
        if ('done' in item) return;
        if ('error' in item) throw item.error;
        yield item.file;
        // A file the consumer did not read to the end must not stall the parser.
        (item.file.stream as Readable).resume();
      }
    } finally {
      input.unpipe(parser);
      input.destroy();
    }
  })();
  return { files, fields };
}
