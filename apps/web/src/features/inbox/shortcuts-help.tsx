'use client';

import { Dialog, Kbd } from '@/components/ui';

const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Moving around',
    keys: [
      ['j / k', 'Next / previous task'],
      ['Enter', 'Open the selected task (inbox)'],
      ['u', 'Back to the inbox'],
      ['?', 'This help'],
    ],
  },
  {
    title: 'Deciding',
    keys: [
      ['a', 'Approve'],
      ['r', 'Reject'],
      ['m', 'Ask for more information'],
      ['1 – 9', 'Pick the reason (then it is sent)'],
      ['c', 'Write a comment'],
      ['Esc', 'Cancel'],
    ],
  },
  {
    title: 'Correcting evidence',
    keys: [
      ['e', 'Edit boxes on / off'],
      ['[ / ]', 'Select previous / next box'],
      ['← ↑ → ↓', 'Nudge the box (Shift: 10×)'],
      ['l', 'Relabel the box'],
      ['Delete', 'Remove the box'],
      ['t', 'Edit the OCR text'],
      [', / .', 'Previous / next photo'],
    ],
  },
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      description="The inbox is built to be worked without the mouse."
    >
      <div className="grid gap-6 sm:grid-cols-3" data-testid="shortcuts-help">
        {GROUPS.map((g) => (
          <section key={g.title}>
            <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{g.title}</h3>
            <dl className="space-y-1.5 text-sm">
              {g.keys.map(([k, what]) => (
                <div key={k} className="flex items-center justify-between gap-3">
                  <dt className="text-zinc-700">{what}</dt>
                  <dd className="flex shrink-0 gap-1">
                    {k.split(' ').map((part, i) =>
                      part === '/' || part === '–' ? (
                        <span key={i} className="text-zinc-400">
                          {part}
                        </span>
                      ) : (
                        <Kbd key={i}>{part}</Kbd>
                      ),
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
