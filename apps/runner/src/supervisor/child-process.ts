import { spawn, type ChildProcess } from 'node:child_process';
import { linePrinter } from './log-lines.ts';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface SupervisedChild {
  name: string;
  pid(): number | undefined;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Keeps one child running: restarts it with backoff when it dies, and gives up (calling
 * `onFatal`) when it crashes 5 times within a minute, so a broken build fails loudly
 * instead of flapping forever.
 */
export function superviseChild(
  spec: ChildSpec,
  width: number,
  log: (msg: string) => void,
  onFatal: (reason: string) => void,
  onSpawn: () => void = () => {},
): SupervisedChild {
  let child: ChildProcess | null = null;
  let stopping = false;
  const crashes: number[] = [];
  const printer = linePrinter(spec.name, width, process.stdout);

  const start = () => {
    child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn();
    child.stdout!.on('data', printer.write);
    child.stderr!.on('data', printer.write);
    child.on('exit', (code, signal) => {
      printer.flush();
      child = null;
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0]! < now - 60_000) crashes.shift();
      if (crashes.length >= 5) {
        onFatal(`${spec.name} exited ${signal ?? code} 5 times within a minute`);
        return;
      }
      const delay = Math.min(500 * 2 ** (crashes.length - 1), 8000);
      log(`${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      setTimeout(() => !stopping && start(), delay);
    });
  };
  start();

  return {
    name: spec.name,
    pid: () => child?.pid,
    stop(timeoutMs) {
      stopping = true;
      const current = child;
      if (!current) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => {
          log(`${spec.name} did not stop within ${timeoutMs} ms; killing it`);
          current.kill('SIGKILL');
        }, timeoutMs);
        current.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        current.kill('SIGTERM');
      });
    },
  };
}
