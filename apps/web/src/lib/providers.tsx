'use client';

import type { ReactNode } from 'react';
import { Toaster } from 'sonner';
import { TRPCProvider } from '@/lib/trpc/react';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCProvider>
      {children}
      <Toaster position="bottom-right" richColors closeButton />
    </TRPCProvider>
  );
}
