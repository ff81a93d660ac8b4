import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

export function Kbd({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <kbd
      className={cn(
        'inline-flex h-5 min-w-5 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1 text-[11px] font-medium text-zinc-600 shadow-[inset_0_-1px_0_rgb(0_0_0/0.08)]',
        className,
      )}
    >
      {children}
    </kbd>
  );
}
