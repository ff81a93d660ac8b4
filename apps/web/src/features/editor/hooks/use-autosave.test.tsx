// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@conveyor/engine';
import { EditorStore } from '../model/editor-store';
import { useAutosave } from './use-autosave';

afterEach(cleanup);

function conflict() {
  return new TRPCClientError('The draft was changed elsewhere', {
    result: { error: { message: 'conflict', code: -32009, data: { code: 'CONFLICT', reason: 'draft_conflict' } } },
  } as never);
}

describe('useAutosave', () => {
  it('saves edits after a pause with the revision they build on, stops on a conflict, and overwrites on request', async () => {
    const store = new EditorStore();
    const calls: { graph: WorkflowGraph; expectedRevision: number }[] = [];
    let failNext = false;
    const save = async (graph: WorkflowGraph, expectedRevision: number) => {
      calls.push({ graph, expectedRevision });
      if (failNext) {
        failNext = false;
        throw conflict();
      }
      return { revision: expectedRevision + 1, updatedAt: new Date() };
    };
    const { result } = renderHook(() => useAutosave({ store, initialRevision: 3, enabled: true, save, delayMs: 20 }));
    expect(result.current.status).toBe('saved');

    act(() => void store.addNode('ingest', { x: 0, y: 0 }));
    expect(result.current.status).toBe('dirty');
    // Several quick edits go out as one save.
    act(() => void store.addNode('delay', { x: 300, y: 0 }));
    await waitFor(() => expect(result.current.status).toBe('saved'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.expectedRevision).toBe(3);
    expect(calls[0]!.graph.nodes.map((n) => n.id)).toEqual(['ingest', 'delay']);
    expect(result.current.revision).toBe(4);

    failNext = true;
    act(() => store.updateLabel('delay', 'Cool down'));
    await waitFor(() => expect(result.current.status).toBe('conflict'));
    expect(result.current.error).toMatch(/changed elsewhere/);
    // While in conflict, edits are not sent (nobody's work is overwritten silently).
    act(() => store.updateLabel('delay', 'Cool down more'));
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toHaveLength(2);

    await act(() => result.current.overwrite(9));
    expect(calls.at(-1)!.expectedRevision).toBe(9);
    expect(calls.at(-1)!.graph.nodes[1]!.label).toBe('Cool down more');
    expect(result.current.status).toBe('saved');
    expect(result.current.revision).toBe(10);
  });

  it('does nothing for a read-only editor', async () => {
    const store = new EditorStore();
    let called = false;
    renderHook(() =>
      useAutosave({
        store,
        initialRevision: 0,
        enabled: false,
        save: async () => {
          called = true;
          return { revision: 1, updatedAt: new Date() };
        },
        delayMs: 5,
      }),
    );
    act(() => void store.addNode('ingest', { x: 0, y: 0 }));
    await new Promise((r) => setTimeout(r, 30));
    expect(called).toBe(false);
  });
});
