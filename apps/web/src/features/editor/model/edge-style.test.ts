import { describe, expect, it } from 'vitest';
import { warrantyTriageTemplate } from '@conveyor/nodes';
import { workflowGraphSchema } from '@conveyor/engine';
import { EditorStore } from './editor-store.ts';
import { styleEdges, type EdgeStyleCache } from './edge-style.ts';

const template = () => workflowGraphSchema.parse(structuredClone(warrantyTriageTemplate.graph));

describe('styleEdges', () => {
  it('keeps the styled object of every edge whose inputs did not change', () => {
    const store = new EditorStore(template());
    const cache: EdgeStyleCache = new WeakMap();
    const noRun = new Map<string, { status: string }>();
    const first = styleEdges(store.getState().edges, store.getState().nodes, noRun, cache);
    expect(first.every((e) => typeof e.style?.stroke === 'string' && e.style.strokeWidth === 1.75)).toBe(true);

    // Moving a node changes its position, not its data: no edge is restyled.
    store.onNodesChange([{ type: 'position', id: 'claim', position: { x: 9, y: 9 } }]);
    const moved = styleEdges(store.getState().edges, store.getState().nodes, noRun, cache);
    expect(moved.every((e, i) => e === first[i])).toBe(true);

    // Selecting one edge restyles that edge only.
    const picked = first[0]!.id;
    store.onEdgesChange([{ type: 'select', id: picked, selected: true }]);
    const selected = styleEdges(store.getState().edges, store.getState().nodes, noRun, cache);
    expect(selected.filter((e, i) => e !== first[i]).map((e) => e.id)).toEqual([picked]);
    expect(selected[0]!.style).toMatchObject({ stroke: '#2563eb', strokeWidth: 2.5 });

    // A run status on a node restyles the edges touching it.
    const run = new Map([['claim', { status: 'skipped' }]]);
    const running = styleEdges(store.getState().edges, store.getState().nodes, run, cache);
    const touching = store.getState().edges.filter((e) => e.source === 'claim' || e.target === 'claim');
    expect(
      running
        .filter((e, i) => e !== selected[i])
        .map((e) => e.id)
        .sort(),
    ).toEqual(touching.map((e) => e.id).sort());
    expect(running.find((e) => e.source === 'claim')!.style!.opacity).toBe(0.35);
  });
});
