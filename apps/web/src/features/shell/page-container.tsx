import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

/** The padded, width-limited column most pages use inside the shell (the editor does not). */
export function PageContainer({
  children,
  className,
  wide = false,
}: {
  children: ReactNode;
  className?: string;
  wide?: boolean;
}) {
  return (
    <div className={cn('mx-auto w-full px-6 py-6 xl:px-8', wide ? 'max-w-[1600px]' : 'max-w-6xl', className)}>
      {children}
    </div>
  );
}
