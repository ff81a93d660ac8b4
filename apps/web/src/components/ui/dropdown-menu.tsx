'use client';

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cn } from '@/lib/cn';

export interface MenuItem {
  label: ReactNode;
  onSelect?: () => void;
  href?: string;
  icon?: ReactNode;
  danger?: boolean;
  disabled?: boolean;
  /** Marks the current choice (workspace switcher). */
  checked?: boolean;
}

export type MenuEntry = MenuItem | 'separator' | { heading: ReactNode };

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/ArrowDown open it, arrows move, Home/End
 * jump, Esc closes and returns focus, Tab leaves, a click outside closes.
 */
export function DropdownMenu({
  trigger,
  items,
  align = 'start',
  side = 'bottom',
  label,
  className,
  triggerClassName,
}: {
  trigger: ReactNode;
  items: MenuEntry[];
  align?: 'start' | 'end';
  side?: 'bottom' | 'top';
  /** Accessible name of the trigger when its content is not text. */
  label?: string;
  className?: string;
  triggerClassName?: string;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  const itemsEls = () =>
    Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? []);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    itemsEls()[0]?.focus();
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !triggerRef.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, close]);

  const onMenuKey = (e: React.KeyboardEvent) => {
    const els = itemsEls();
    const i = els.indexOf(document.activeElement as HTMLElement);
    const focus = (n: number) => els[(n + els.length) % els.length]?.focus();
    if (e.key === 'ArrowDown') focus(i + 1);
    else if (e.key === 'ArrowUp') focus(i - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(els.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  const activate = (item: MenuItem) => {
    if (item.disabled) return;
    close(!item.href);
    item.onSelect?.();
  };

  return (
    <div className={cn('relative', className)}>
      <button
        ref={triggerRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        className={triggerClassName}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {trigger}
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className={cn(
            'absolute z-50 min-w-52 animate-fade-in rounded-lg border border-zinc-200 bg-white p-1 shadow-pop',
            align === 'end' ? 'right-0' : 'left-0',
            side === 'top' ? 'bottom-full mb-1' : 'top-full mt-1',
          )}
        >
          {items.map((entry, i) => {
            if (entry === 'separator') return <div key={i} role="separator" className="my-1 h-px bg-zinc-100" />;
            if ('heading' in entry)
              return (
                <div
                  key={i}
                  className="px-2 pt-1.5 pb-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase"
                >
                  {entry.heading}
                </div>
              );
            const cls = cn(
              'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none',
              'focus:bg-zinc-100 hover:bg-zinc-100 [&_svg]:size-4 [&_svg]:text-zinc-500',
              entry.danger ? 'text-red-700' : 'text-zinc-800',
              entry.disabled && 'cursor-not-allowed opacity-50',
            );
            const role = entry.checked === undefined ? 'menuitem' : 'menuitemradio';
            const content = (
              <>
                {entry.icon}
                <span className="min-w-0 flex-1 truncate">{entry.label}</span>
                {entry.checked ? <span aria-hidden className="size-1.5 rounded-full bg-accent-600" /> : null}
              </>
            );
            return entry.href ? (
              <a
                key={i}
                href={entry.href}
                role={role}
                aria-checked={entry.checked}
                tabIndex={-1}
                className={cls}
                onClick={() => activate(entry)}
              >
                {content}
              </a>
            ) : (
              <button
                key={i}
                type="button"
                role={role}
                aria-checked={entry.checked}
                aria-disabled={entry.disabled || undefined}
                tabIndex={-1}
                className={cls}
                onClick={() => activate(entry)}
              >
                {content}
              </button>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
