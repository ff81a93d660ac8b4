const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
];

/** "3h 20m", "2d 4h", "45s": two units at most. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.max(0, Math.round(abs / 1000))}s`;
  const parts: string[] = [];
  let rest = abs;
  for (const [size, unit] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length) break;
  }
  return parts.join(' ');
}

/** "due in 3h", "4h overdue", "no SLA". */
export function formatDue(dueAt: string | null, now = Date.now()): { text: string; overdue: boolean; soon: boolean } {
  if (!dueAt) return { text: 'no SLA', overdue: false, soon: false };
  const ms = new Date(dueAt).getTime() - now;
  if (ms < 0) return { text: `${formatDuration(ms)} overdue`, overdue: true, soon: false };
  return { text: `due in ${formatDuration(ms)}`, overdue: false, soon: ms < 3_600_000 };
}

export function formatAge(createdAt: string, now = Date.now()): string {
  return `${formatDuration(now - new Date(createdAt).getTime())} ago`;
}

export const PRIORITY_NAMES: Record<number, string> = { [-1]: 'low', 0: 'normal', 1: 'high', 2: 'urgent' };

export function priorityName(p: number): string {
  return PRIORITY_NAMES[p] ?? (p > 2 ? 'urgent+' : 'low');
}

export const ACTION_LABEL = { approve: 'Approve', reject: 'Reject', more_info: 'More info' } as const;

export function humanize(code: string): string {
  return code.replace(/[-_]/g, ' ');
}
