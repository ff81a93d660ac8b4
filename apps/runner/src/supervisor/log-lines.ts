import { prettyFactory } from 'pino-pretty';

const pretty = prettyFactory({
  colorize: Boolean(process.stdout.isTTY),
  translateTime: 'HH:MM:ss.l',
  ignore: 'pid,hostname,name',
  singleLine: true,
});

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
let next = 0;

/**
 * Turns a child's output into readable lines with a fixed-width `[name]` prefix: pino JSON
 * is rendered by pino-pretty, anything else (Next.js, Postgres) is passed through.
 */
export function linePrinter(name: string, width: number, out: NodeJS.WritableStream) {
  const color = process.stdout.isTTY ? COLORS[next++ % COLORS.length]! : '';
  const reset = process.stdout.isTTY ? '\x1b[0m' : '';
  const prefix = `${color}${`[${name}]`.padEnd(width + 2)}${reset} `;
  let buffer = '';
  const emit = (line: string) => {
    if (!line.trim()) return;
    let text = line;
    if (line.startsWith('{')) {
      try {
        JSON.parse(line);
        text = pretty(line).trimEnd();
      } catch {
        /* not JSON: print as is */
      }
    }
    out.write(prefix + text + '\n');
  };
  return {
    write(chunk: Buffer | string) {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(emit);
    },
    flush() {
      emit(buffer);
      buffer = '';
    },
  };
}
