'use client';

import { Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { cn } from '@/lib/cn';
import { CATEGORY_HEX, paletteGroups, type PaletteEntry } from '../model/node-catalog-view';
import { NodeIcon } from './node-icon';

interface DragState {
  entry: PaletteEntry;
  x: number;
  y: number;
  moved: boolean;
}

/**
 * Node types by category, searchable. Drag an entry onto the canvas (pointer events, so
 * mouse, pen and touch behave the same) or press Enter / click to add it in the middle of
 * the view.
 */
export function NodePalette({
  onAdd,
  onDrop,
  disabled,
}: {
  onAdd: (type: string) => void;
  /** Returns false when the point is not over the canvas. */
  onDrop: (type: string, client: { x: number; y: number }) => boolean;
  disabled: boolean;
}) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(query), [query]);
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  const onDropRef = useRef(onDrop);
  const onAddRef = useRef(onAdd);
  useEffect(() => {
    onDropRef.current = onDrop;
    onAddRef.current = onAdd;
  });

  const dragging = drag !== null;
  useEffect(() => {
    if (!dragging) return;
    const move = (e: PointerEvent) => {
      const current = dragRef.current;
      if (!current) return;
      const moved = current.moved || Math.hypot(e.clientX - current.x, e.clientY - current.y) > 4;
      dragRef.current = { ...current, x: e.clientX, y: e.clientY, moved };
      setDrag(dragRef.current);
    };
    const up = (e: PointerEvent) => {
      const current = dragRef.current;
      dragRef.current = null;
      setDrag(null);
      if (!current) return;
      if (current.moved) onDropRef.current(current.entry.type, { x: e.clientX, y: e.clientY });
      else onAddRef.current(current.entry.type);
    };
    const cancel = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        dragRef.current = null;
        setDrag(null);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('keydown', cancel);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('keydown', cancel);
    };
  }, [dragging]);

  return (
    <aside aria-label="Node palette" className="flex w-60 shrink-0 flex-col border-r border-zinc-200 bg-white">
      <div className="border-b border-zinc-100 p-2">
        <label className="relative block">
          <span className="sr-only">Search nodes</span>
          <Search
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400"
          />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search nodes…"
            className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-2 pl-8 text-sm placeholder:text-zinc-400 focus:border-accent-500 focus:outline-none"
            data-testid="palette-search"
          />
        </label>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.length === 0 ? (
          <p className="px-2 py-6 text-center text-xs text-zinc-500">No node matches “{query}”.</p>
        ) : null}
        {groups.map((group) => (
          <section key={group.category} className="mb-3">
            <h3 className="mb-1 flex items-center gap-1.5 px-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">
              <span className="size-2 rounded-full" style={{ background: CATEGORY_HEX[group.category] }} />
              {group.label}
            </h3>
            <ul className="flex flex-col gap-1">
              {group.entries.map((entry) => (
                <li key={entry.type}>
                  <button
                    type="button"
                    disabled={disabled}
                    data-testid={`palette-${entry.type}`}
                    onPointerDown={(e) => {
                      if (disabled || e.button !== 0) return;
                      e.preventDefault();
                      dragRef.current = { entry, x: e.clientX, y: e.clientY, moved: false };
                      setDrag(dragRef.current);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onAdd(entry.type);
                      }
                    }}
                    title={entry.description}
                    className={cn(
                      'group flex w-full cursor-grab items-start gap-2 rounded-md border border-transparent px-2 py-1.5 text-left',
                      'hover:border-zinc-200 hover:bg-zinc-50 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50',
                    )}
                  >
                    <span
                      className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded text-white"
                      style={{ background: CATEGORY_HEX[entry.category] }}
                    >
                      <NodeIcon name={entry.icon} className="size-3.5" />
                    </span>
                    <span className="min-w-0">
                      <span className="block text-[13px] font-medium text-zinc-800">{entry.title}</span>
                      <span className="line-clamp-2 block text-[11px] leading-4 text-zinc-500">
                        {entry.description}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="border-t border-zinc-100 px-3 py-2 text-[11px] text-zinc-500">
        {disabled ? 'Read-only: your role can view this workflow.' : 'Drag onto the canvas, or click to add.'}
      </p>
      {drag?.moved ? (
        <div
          aria-hidden
          className="pointer-events-none fixed z-50 flex items-center gap-2 rounded-md border border-accent-300 bg-white px-2.5 py-1.5 text-xs font-medium shadow-pop"
          style={{ left: drag.x + 8, top: drag.y + 8 }}
        >
          <NodeIcon name={drag.entry.icon} className="size-3.5" />
          {drag.entry.title}
        </div>
      ) : null}
    </aside>
  );
}
