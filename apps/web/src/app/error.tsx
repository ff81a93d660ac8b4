'use client';

import { RotateCcw } from 'lucide-react';
import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

/** A page that failed to render: say so plainly and offer a retry, keeping the shell around it. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-3 px-6 py-24 text-center">
      <h1 className="text-lg font-semibold">Something went wrong on this page</h1>
      <p className="text-sm text-zinc-500">
        Try again; if it keeps failing, the server log has the details
        {error.digest ? (
          <>
            {' '}
            (reference <code className="rounded bg-zinc-100 px-1">{error.digest}</code>)
          </>
        ) : null}
        .
      </p>
      <Button variant="secondary" onClick={reset}>
        <RotateCcw aria-hidden />
        Try again
      </Button>
    </div>
  );
}
