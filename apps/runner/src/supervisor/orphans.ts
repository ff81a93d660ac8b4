import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Children of a supervisor that was killed with SIGKILL keep running (and keep the port).
 * The supervisor records their pids; the next start stops any that are still alive and
 * still ours (same command line) before starting anew.
 */
export function recordChildren(file: string, pids: number[]) {
  const entries = pids.map((pid) => ({ pid, cmdline: cmdline(pid) }));
  writeFileSync(file, JSON.stringify(entries));
}

export async function reapOrphans(file: string, log: (msg: string) => void) {
  if (!existsSync(file)) return;
  let entries: { pid: number; cmdline: string | null }[] = [];
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  const alive = entries.filter((e) => e.cmdline && cmdline(e.pid) === e.cmdline);
  if (!alive.length) return;
  log(`stopping ${alive.length} process(es) left over from a previous start`);
  for (const e of alive) signal(e.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && alive.some((e) => cmdline(e.pid) === e.cmdline)) {
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const e of alive) if (cmdline(e.pid) === e.cmdline) signal(e.pid, 'SIGKILL');
}

function cmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone */
  }
}
