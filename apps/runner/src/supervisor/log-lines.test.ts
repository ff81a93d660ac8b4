import { describe, expect, it } from 'vitest';
import { linePrinter } from './log-lines.ts';

function capture() {
  const chunks: string[] = [];
  return { out: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream, chunks };
}

describe('linePrinter', () => {
  it('prefixes every line, across chunk boundaries', () => {
    const { out, chunks } = capture();
    const p = linePrinter('web', 8, out);
    p.write('hello ');
    p.write('world\nsecond');
    p.flush();
    expect(chunks).toEqual(['[web]      hello world\n', '[web]      second\n']);
  });

  it('renders pino JSON readably and keeps fields', () => {
    const { out, chunks } = capture();
    const p = linePrinter('runner', 8, out);
    p.write(
      JSON.stringify({ level: 30, time: 1764367200000, pid: 1, name: 'runner', msg: 'runner started', runId: 'r-1' }) +
        '\n',
    );
    expect(chunks[0]).toMatch(/^\[runner\]\s+.*INFO.*runner started.*runId.*r-1/);
    expect(chunks[0]).not.toContain('"level"');
  });

  it('passes through lines that only look like JSON', () => {
    const { out, chunks } = capture();
    const p = linePrinter('pg', 4, out);
    p.write('{not json\n\n');
    expect(chunks).toEqual(['[pg]   {not json\n']);
  });
});
