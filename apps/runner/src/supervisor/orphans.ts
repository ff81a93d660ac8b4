import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Children of a supervisor that was killed with SIGKILL may keep running (and keep the
 * port). The supervisor records their pids with their kernel start times; the next start
 * stops any that are still alive and still the same process (a reused pid has another
 * start time) before starting anew. The start time, unlike the command line, survives a
 * process renaming itself (next-server does).
 */
export function recordChildren(file: string, pids: number[]) {
  const entries = pids.map((pid) => ({ pid, started: startTime(pid) }));
  writeFileSync(file, JSON.stringify(entries));
}

export async function reapOrphans(file: string, log: (msg: string) => void) {
  if (!existsSync(file)) return;
  let entries: { pid: number; started: string | null }[];
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return; // unreadable record: nothing we can safely stop
  }
  const same = (e: { pid: number; started: string | null }) => e.started !== null && startTime(e.pid) === e.started;
  const alive = entries.filter(same);
  if (!alive.length) return;
  log(`stopping ${alive.length} process(es) left over from a previous start`);
  for (const e of alive) signal(e.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && alive.some(same)) await new Promise((r) => setTimeout(r, 200));
  for (const e of alive) if (same(e)) signal(e.pid, 'SIGKILL');
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
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
