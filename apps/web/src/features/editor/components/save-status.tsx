'use client';

import { AlertTriangle, Check, CloudOff, Loader2 } from 'lucide-react';
import type { SaveStatus } from '../hooks/use-autosave';

/** "Saved · Saving… · Conflict": where the draft stands on the server. */
export function SaveStatusPill({
  status,
  savedAt,
  error,
}: {
  status: SaveStatus;
  savedAt: Date | null;
  error: string | null;
}) {
  const base = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium';
  switch (status) {
    case 'saving':
      return (
        <span className={`${base} text-zinc-600`} data-testid="save-status" data-status="saving">
          <Loader2 className="size-3 animate-spin" /> Saving…
        </span>
      );
    case 'dirty':
      return (
        <span className={`${base} text-zinc-500`} data-testid="save-status" data-status="dirty">
          Unsaved changes
        </span>
      );
    case 'conflict':
      return (
        <span
          className={`${base} bg-red-50 text-red-700`}
          data-testid="save-status"
          data-status="conflict"
          title={error ?? ''}
        >
          <AlertTriangle className="size-3" /> Conflict
        </span>
      );
    case 'error':
      return (
        <span
          className={`${base} bg-amber-50 text-amber-800`}
          data-testid="save-status"
          data-status="error"
          title={error ?? ''}
        >
          <CloudOff className="size-3" /> Not saved — retrying
        </span>
      );
    default:
      return (
        <span
          className={`${base} text-emerald-700`}
          data-testid="save-status"
          data-status="saved"
          title={savedAt ? `Saved at ${savedAt.toLocaleTimeString()}` : 'All changes saved'}
        >
          <Check className="size-3" /> Saved
        </span>
      );
  }
}
