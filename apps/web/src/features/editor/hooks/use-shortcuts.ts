'use client';

import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  undo: () => void;
  redo: () => void;
  duplicate: () => void;
  deleteSelection: () => void;
  save: () => void;
  testRun: () => void;
  layout: () => void;
  fit: () => void;
  help: () => void;
  selectAll: () => void;
  escape: () => void;
  copy: () => string | undefined;
  paste: (text: string) => void;
}

/** Shortcuts shown in the help overlay (`?`). */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['⌘/Ctrl', 'Z'], what: 'Undo' },
  { keys: ['⇧', '⌘/Ctrl', 'Z'], what: 'Redo' },
  { keys: ['⌘/Ctrl', 'C'], what: 'Copy selected nodes (works across workflows)' },
  { keys: ['⌘/Ctrl', 'V'], what: 'Paste' },
  { keys: ['⌘/Ctrl', 'D'], what: 'Duplicate selection' },
  { keys: ['Del'], what: 'Delete selection' },
  { keys: ['⌘/Ctrl', 'A'], what: 'Select all' },
  { keys: ['⇧', 'drag'], what: 'Box-select; ⇧ click adds to the selection' },
  { keys: ['⌘/Ctrl', 'S'], what: 'Save now (the draft also saves by itself)' },
  { keys: ['⌘/Ctrl', 'Enter'], what: 'Test run' },
  { keys: ['L'], what: 'Auto-layout' },
  { keys: ['F'], what: 'Fit the workflow in view' },
  { keys: ['?'], what: 'This help' },
  { keys: ['Esc'], what: 'Clear selection, close panels' },
];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Editor keyboard shortcuts. Keys that edit text (Z, C, V, Delete…) are left alone while
 * the focus is in a form field; ⌘S and ⌘Enter work everywhere. Copy and paste use the
 * DOM clipboard events, which carry the system clipboard without a permission prompt.
 */
export function useShortcuts(handlers: ShortcutHandlers, enabled = true) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const h = ref.current;
      const mod = e.metaKey || e.ctrlKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        h.save();
        return;
      }
      if (mod && key === 'enter') {
        e.preventDefault();
        h.testRun();
        return;
      }
      if (typingIn(e.target) || document.querySelector('dialog[open]')) return;
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) h.redo();
        else h.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        h.redo();
      } else if (mod && key === 'd') {
        e.preventDefault();
        h.duplicate();
      } else if (mod && key === 'a') {
        e.preventDefault();
        h.selectAll();
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        h.deleteSelection();
      } else if (!mod && !e.altKey && key === 'l') {
        h.layout();
      } else if (!mod && !e.altKey && key === 'f') {
        h.fit();
      } else if (e.key === '?') {
        h.help();
      } else if (e.key === 'Escape') {
        h.escape();
      }
    };
    const onCopy = (e: ClipboardEvent) => {
      if (typingIn(e.target) || window.getSelection()?.toString()) return;
      const text = ref.current.copy();
      if (text === undefined) return;
      e.preventDefault();
      e.clipboardData?.setData('text/plain', text);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typingIn(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      ref.current.paste(text);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [enabled]);
}
