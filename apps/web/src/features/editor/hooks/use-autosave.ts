'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowGraph } from '@conveyor/engine';
import { errorMessage, errorReason } from '@/lib/trpc/errors';
import type { EditorStore } from '../model/editor-store';

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export interface AutosaveState {
  status: SaveStatus;
  revision: number;
  savedAt: Date | null;
  error: string | null;
  /** Saves now (⌘S); resolves when the draft on the server matches the canvas. */
  saveNow: () => Promise<void>;
  /** After a conflict: adopt the server's revision and save ours over it. */
  overwrite: (currentRevision: number) => Promise<void>;
  /** After a reload or a roll back done elsewhere: the server's revision is this. */
  resetRevision: (revision: number) => void;
}

/**
 * Debounced autosave of the draft with optimistic concurrency: each save names the
 * revision it is based on; a CONFLICT stops autosaving until the analyst chooses to reload
 * or overwrite, so nobody's work is silently lost.
 */
export function useAutosave({
  store,
  initialRevision,
  enabled,
  save,
  delayMs = 800,
}: {
  store: EditorStore;
  initialRevision: number;
  enabled: boolean;
  save: (graph: WorkflowGraph, expectedRevision: number) => Promise<{ revision: number; updatedAt: Date }>;
  delayMs?: number;
}): AutosaveState {
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(initialRevision);
  const revisionRef = useRef(initialRevision);
  const savedGraphRevision = useRef(store.getState().graphRevision);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const blocked = useRef(false);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (blocked.current) return;
    if (inFlight.current) {
      await inFlight.current;
      if (store.getState().graphRevision === savedGraphRevision.current) return;
    }
    const target = store.getState().graphRevision;
    if (target === savedGraphRevision.current) return;
    setStatus('saving');
    const run = (async () => {
      try {
        const result = await saveRef.current(store.graph(), revisionRef.current);
        revisionRef.current = result.revision;
        setRevision(result.revision);
        savedGraphRevision.current = target;
        setSavedAt(result.updatedAt);
        setError(null);
        setStatus(store.getState().graphRevision === target ? 'saved' : 'dirty');
      } catch (e) {
        setError(errorMessage(e));
        if (errorReason(e) === 'draft_conflict') {
          blocked.current = true;
          setStatus('conflict');
        } else {
          setStatus('error');
        }
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    await run;
    // Edits made while saving go out in the next round.
    if (!blocked.current && store.getState().graphRevision !== savedGraphRevision.current) scheduleRef.current();
  }, [store]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), delayMs);
  }, [flush, delayMs]);
  const scheduleRef = useRef(schedule);
  useEffect(() => {
    scheduleRef.current = schedule;
  }, [schedule]);

  useEffect(() => {
    if (!enabled) return;
    return store.subscribe(() => {
      if (blocked.current) return;
      if (store.getState().graphRevision !== savedGraphRevision.current) {
        setStatus((s) => (s === 'saving' ? s : 'dirty'));
        schedule();
      }
    });
  }, [store, enabled, schedule]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (store.getState().graphRevision !== savedGraphRevision.current && enabled) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store, enabled]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const overwrite = useCallback(
    async (currentRevision: number) => {
      revisionRef.current = currentRevision;
      blocked.current = false;
      savedGraphRevision.current = -1;
      await flush();
    },
    [flush],
  );

  const resetRevision = useCallback(
    (next: number) => {
      revisionRef.current = next;
      setRevision(next);
      blocked.current = false;
      savedGraphRevision.current = store.getState().graphRevision;
      setStatus('saved');
      setError(null);
    },
    [store],
  );

  return { status, revision, savedAt, error, saveNow: flush, overwrite, resetRevision };
}
