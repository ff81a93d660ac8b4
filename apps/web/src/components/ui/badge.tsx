import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info' | 'muted';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-200',
  accent: 'bg-accent-50 text-accent-700 ring-accent-200',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  warning: 'bg-amber-50 text-amber-800 ring-amber-200',
  danger: 'bg-red-50 text-red-700 ring-red-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
  muted: 'bg-white text-zinc-500 ring-zinc-200',
};

export function Badge({
  tone = 'neutral',
  className,
  children,
}: {
  tone?: BadgeTone;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

/** Statuses of runs, steps and human tasks (BLUEPRINT state machines). */
export type Status =
  | 'queued'
  | 'running'
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'pending'
  | 'skipped'
  | 'open'
  | 'claimed'
  | 'done'
  | 'expired';

const statusStyle: Record<Status, { tone: BadgeTone; label: string; dot: string }> = {
  queued: { tone: 'neutral', label: 'Queued', dot: 'bg-zinc-400' },
  pending: { tone: 'neutral', label: 'Pending', dot: 'bg-zinc-400' },
  running: { tone: 'accent', label: 'Running', dot: 'bg-accent-600 animate-pulse' },
  waiting: { tone: 'warning', label: 'Waiting', dot: 'bg-amber-500' },
  succeeded: { tone: 'success', label: 'Succeeded', dot: 'bg-emerald-600' },
  failed: { tone: 'danger', label: 'Failed', dot: 'bg-red-600' },
  canceled: { tone: 'muted', label: 'Canceled', dot: 'bg-zinc-400' },
  skipped: { tone: 'muted', label: 'Skipped', dot: 'bg-zinc-300' },
  open: { tone: 'info', label: 'Open', dot: 'bg-sky-600' },
  claimed: { tone: 'accent', label: 'Claimed', dot: 'bg-accent-600' },
  done: { tone: 'success', label: 'Done', dot: 'bg-emerald-600' },
  expired: { tone: 'danger', label: 'Expired', dot: 'bg-red-500' },
};

/** A status with a coloured dot and a word (colour is never the only signal). */
export function StatusBadge({ status, className }: { status: Status | (string & {}); className?: string }) {
  const style = statusStyle[status as Status] ?? { tone: 'neutral' as const, label: status, dot: 'bg-zinc-400' };
  return (
    <Badge tone={style.tone} className={className}>
      <span aria-hidden className={cn('size-1.5 rounded-full', style.dot)} />
      {style.label}
    </Badge>
  );
}
