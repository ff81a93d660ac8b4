import { cn } from '@/lib/cn';
import type { RunStatus, StepCounts } from '@/server/services/runs/run-views';

/** The share of a run's steps that finished, coloured by how the run is going. */
export function StepProgress({
  status,
  steps,
  className,
}: {
  status: RunStatus;
  steps: StepCounts;
  /** Size of the track, e.g. `h-2 flex-1` or `h-1.5 w-20`. */
  className: string;
}) {
  const progress = steps.total ? steps.done / steps.total : 0;
  return (
    <span
      className={cn('overflow-hidden rounded-full bg-zinc-100', className)}
      role="progressbar"
      aria-label="Steps finished"
      aria-valuemin={0}
      aria-valuemax={steps.total}
      aria-valuenow={steps.done}
    >
      <span
        className={cn(
          'block h-full',
          status === 'failed' || steps.failed
            ? 'bg-red-500'
            : status === 'succeeded'
              ? 'bg-emerald-500'
              : status === 'canceled'
                ? 'bg-zinc-400'
                : 'bg-accent-500',
        )}
        style={{ width: `${progress * 100}%` }}
      />
    </span>
  );
}
