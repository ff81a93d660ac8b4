'use client';

import { Dialog, Kbd } from '@/components/ui';
import { SHORTCUTS } from '../hooks/use-shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.what} className="contents">
            <dt className="flex items-center gap-1">
              {s.keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </dt>
            <dd className="text-zinc-700">{s.what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
