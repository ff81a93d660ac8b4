import { cn } from '@/lib/cn';

/** A small spinner; `label` is read to screen readers (null when a parent says it). */
export function Spinner({ className, label = 'Loading' }: { className?: string; label?: string | null }) {
  return (
    <span role={label ? 'status' : undefined} className="inline-flex">
      <svg className={cn('size-4 animate-spin text-current', className)} viewBox="0 0 24 24" fill="none" aria-hidden>
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}

/** Placeholder block while data loads. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn('animate-pulse rounded-md bg-zinc-200/70', className)} />;
}
