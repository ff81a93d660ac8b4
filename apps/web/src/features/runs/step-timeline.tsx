'use client';

import { cn } from '@/lib/cn';
import type { StepView } from '@/server/services/runs/run-views';
import { formatDuration } from './format';
import { buildTimeline, type Segment } from './timeline-model';
import type { RunDetail } from '@/server/services/runs/run-views';

const ATTEMPT_COLOR: Record<string, string> = {
  succeeded: 'bg-emerald-500',
  failed: 'bg-red-500',
  running: 'bg-accent-500 animate-pulse',
  waiting: 'bg-amber-400',
  canceled: 'bg-zinc-400',
  skipped: 'bg-zinc-300',
};

function segmentClass(s: Segment): string {
  if (s.kind === 'wait')
    return 'bg-[repeating-linear-gradient(135deg,#fcd34d_0_4px,#fef3c7_4px_8px)] ring-1 ring-amber-300 ring-inset';
  if (s.kind === 'backoff') return 'bg-[repeating-linear-gradient(90deg,#d4d4d8_0_3px,transparent_3px_6px)]';
  return ATTEMPT_COLOR[s.status] ?? 'bg-zinc-400';
}

function describe(s: Segment): string {
  const d = formatDuration(s.end - s.start);
  if (s.kind === 'wait') return `${s.open ? 'Waiting' : 'Waited'} ${d}${s.open ? ' so far' : ''}`;
  if (s.kind === 'backoff') return `Backoff before retry: ${d}`;
  return `Attempt ${s.attempt ?? ''}: ${s.status}, ${d}${s.open ? ' so far' : ''}`;
}

/**
 * A Gantt-like chart of the run: one row per step (and evidence round), bars for each
 * attempt coloured by outcome, striped for waits (reviewers, evidence, timers) and dotted
 * for retry backoff. Rows are buttons: choosing one opens the step in the inspector.
 */
export function StepTimeline({
  detail,
  selectedStepId,
  onSelect,
}: {
  detail: RunDetail;
  selectedStepId: string | null;
  onSelect: (step: StepView) => void;
}) {
  const t = buildTimeline(detail);
  const pct = (ms: number) => `${(ms / t.span) * 100}%`;
  return (
    <div className="text-xs" data-testid="step-timeline">
      <div className="grid grid-cols-[minmax(9rem,14rem)_1fr_4.5rem] items-end gap-x-3 border-b border-zinc-200 pb-1 text-zinc-500">
        <span>Step</span>
        <div className="relative h-4" aria-hidden>
          {t.ticks.map((tick) => (
            <span key={tick} className="absolute -translate-x-1/2 tabular-nums" style={{ left: pct(tick) }}>
              {tick === 0 ? '0' : formatDuration(tick)}
            </span>
          ))}
        </div>
        <span className="text-right">Time</span>
      </div>
      <ol aria-label="Steps in order of start">
        {t.rows.map(({ step, segments, kept }) => {
          const selected = step.id === selectedStepId;
          const executing = segments.filter((s) => s.kind === 'attempt').reduce((n, s) => n + (s.end - s.start), 0);
          return (
            <li key={step.id}>
              <button
                type="button"
                onClick={() => onSelect(step)}
                aria-pressed={selected}
                data-testid="timeline-row"
                data-node={step.nodeId}
                className={cn(
                  'grid w-full grid-cols-[minmax(9rem,14rem)_1fr_4.5rem] items-center gap-x-3 rounded-md py-1.5 text-left',
                  selected ? 'bg-accent-50 ring-1 ring-accent-200' : 'hover:bg-zinc-50',
                )}
              >
                <span className="flex min-w-0 items-center gap-1.5 pl-1">
                  <span
                    aria-hidden
                    className={cn('size-2 shrink-0 rounded-full', ATTEMPT_COLOR[step.status] ?? 'bg-zinc-300')}
                  />
                  <span className="truncate font-medium text-zinc-800">{step.title}</span>
                  {step.round ? <span className="shrink-0 text-zinc-400">round {step.round + 1}</span> : null}
                  {step.attempts.length > 1 ? (
                    <span className="shrink-0 text-zinc-500">×{step.attempts.length}</span>
                  ) : null}
                  <span className="sr-only">{step.status}</span>
                </span>
                <span className="relative h-5 rounded bg-zinc-50">
                  {t.ticks.map((tick) => (
                    <span
                      key={tick}
                      aria-hidden
                      className="absolute inset-y-0 w-px bg-zinc-200/70"
                      style={{ left: pct(tick) }}
                    />
                  ))}
                  {segments.map((s, i) => (
                    <span
                      key={i}
                      title={describe(s)}
                      className={cn('absolute top-0.5 bottom-0.5 min-w-[3px] rounded-sm', segmentClass(s))}
                      style={{ left: pct(s.start), width: pct(Math.max(0, s.end - s.start)) }}
                    />
                  ))}
                  {!segments.length ? (
                    <span className="absolute inset-0 flex items-center pl-2 text-zinc-400">
                      {kept ? 'kept from the earlier run' : step.status}
                    </span>
                  ) : null}
                </span>
                <span className="pr-1 text-right tabular-nums text-zinc-600">
                  {segments.length ? formatDuration(executing) : '—'}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="mt-2 flex flex-wrap gap-4 text-zinc-500" aria-hidden>
        <Legend className="bg-emerald-500" label="succeeded" />
        <Legend className="bg-red-500" label="failed attempt" />
        <Legend className="bg-accent-500" label="running" />
        <Legend
          className={segmentClass({ kind: 'wait', status: 'waiting', start: 0, end: 0 })}
          label="waiting (review, evidence, timer)"
        />
        <Legend
          className={segmentClass({ kind: 'backoff', status: 'retry', start: 0, end: 0 })}
          label="retry backoff"
        />
      </div>
    </div>
  );
}

function Legend({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={cn('inline-block h-2.5 w-5 rounded-sm', className)} />
      {label}
    </span>
  );
}
