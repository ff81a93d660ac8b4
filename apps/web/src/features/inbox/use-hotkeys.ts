'use client';

import { useEffect, useRef } from 'react';

export type HotkeyMap = Record<string, (event: KeyboardEvent) => void>;

/** Whether the key went to a text field (typing there must never trigger a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || el.isContentEditable) return true;
  if (tag === 'select') return true;
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(type);
  }
  return false;
}

/**
 * Page shortcuts: keys as `event.key` (`j`, `?`, `Enter`, `Escape`, `Delete`, `ArrowLeft`),
 * optionally prefixed `mod+` for Ctrl/Cmd. Ignored while typing (Escape excepted) and when
 * another modifier is held, so the browser's own shortcuts keep working.
 */
export function useHotkeys(map: HotkeyMap, enabled = true) {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const mod = e.metaKey || e.ctrlKey;
      if (e.altKey) return;
      const name = mod ? `mod+${e.key}` : e.key;
      if (isTyping(e.target) && e.key !== 'Escape' && !mod) return;
      const fn = ref.current[name];
      if (!fn) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
