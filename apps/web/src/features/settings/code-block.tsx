'use client';

import { CopyButton } from '@/components/ui/copy-button';

/** A copyable snippet (commands, code) with a label. */
export function CodeBlock({ label, code, testId }: { label: string; code: string; testId?: string }) {
  return (
    <div className="grid gap-1.5">
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-zinc-600">{label}</span>
        <CopyButton value={code} label="Copy" aria-label={`Copy ${label}`} />
      </div>
      <pre
        className="max-h-72 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-[11px] leading-relaxed text-zinc-100"
        data-testid={testId}
      >
        {code}
      </pre>
    </div>
  );
}
