import { describe, expect, it } from 'vitest';
import { warrantyTriageTemplate } from '@conveyor/nodes';
import { workflowGraphSchema } from '@conveyor/engine';
import { EditorStore } from './editor-store.ts';
import { History } from './history.ts';
import { parseClipboard } from './clipboard.ts';
import { layoutGraph } from './layout.ts';
import { configPathOf, issuesByNode, toErrorSchema } from './graph-issues.ts';
import { paletteGroups } from './node-catalog-view.ts';

const template = () => workflowGraphSchema.parse(structuredClone(warrantyTriageTemplate.graph));

describe('History', () => {
  it('coalesces records with the same key inside the window, not across keys or after it', () => {
    let now = 0;
    const h = new History<number>(10, 1000, () => now);
    h.record(1, 'typing');
    now = 500;
    h.record(2, 'typing');
    now = 600;
    h.record(3, 'other');
    now = 5000;
    h.record(4, 'other');
    expect(h.undo(5)).toBe(4);
    expect(h.undo(4)).toBe(3);
    expect(h.undo(3)).toBe(1);
    expect(h.undo(1)).toBeUndefined();
    expect(h.redo(1)).toBe(3);
  });

  it('drops the redo branch on a new edit and keeps at most `limit` steps', () => {
    const h = new History<number>(2);
    h.record(1);
    h.record(2);
    h.record(3);
    expect(h.undo(4)).toBe(3);
    h.record(10);
    expect(h.canRedo).toBe(false);
    expect(h.undo(11)).toBe(10);
    expect(h.undo(10)).toBe(2);
    expect(h.undo(2)).toBeUndefined();
  });
});

describe('EditorStore', () => {
  it('adds nodes with defaults and readable ids, connects by the shared rules, undoes and redoes', () => {
    const store = new EditorStore();
    const a = store.addNode('ingest', { x: 0, y: 0 })!;
    const b = store.addNode('detector', { x: 300, y: 0 })!;
    const b2 = store.addNode('detector', { x: 300, y: 200 })!;
    expect([a, b, b2]).toEqual(['ingest', 'detector', 'detector-2']);
    expect(store.graph().nodes[1]!.config).toMatchObject({ model: 'coco-detector', minConfidence: 0.4 });

    const refused = store.connect({ node: a, port: 'record' }, { node: b, port: 'media' });
    expect(refused).toMatchObject({ ok: false, code: 'port_type_mismatch' });
    expect(refused.ok ? '' : refused.reason).toMatch(/cannot feed/);
    expect(store.connect({ node: a, port: 'media' }, { node: b, port: 'media' }).ok).toBe(true);
    expect(store.connect({ node: a, port: 'media' }, { node: b, port: 'media' })).toMatchObject({
      code: 'duplicate_edge',
    });
    expect(store.getState().edges).toHaveLength(1);
    expect(store.getState().issues.map((i) => i.nodeId)).toContain('detector-2');

    store.undo();
    expect(store.getState().edges).toHaveLength(0);
    store.undo();
    expect(store.graph().nodes.map((n) => n.id)).toEqual(['ingest', 'detector']);
    store.redo();
    store.redo();
    expect(store.graph().edges).toHaveLength(1);
    expect(store.getState().canRedo).toBe(false);
  });

  it('folds typing in one field into one undo step', () => {
    const store = new EditorStore(template());
    const before = store.graph().nodes.find((n) => n.id === 'detect-product')!.config;
    for (const value of [0.5, 0.55, 0.6]) {
      store.updateConfig('detect-product', { ...before, minConfidence: value }, 'minConfidence');
    }
    expect(store.graph().nodes.find((n) => n.id === 'detect-product')!.config['minConfidence']).toBe(0.6);
    store.undo();
    expect(store.graph().nodes.find((n) => n.id === 'detect-product')!.config['minConfidence']).toBe(0.4);
  });

  it('deletes the selection with its edges as one step, and drops edges of a removed rule port', () => {
    const store = new EditorStore(template());
    const edges = store.graph().edges.length;
    store.select(['review']);
    expect(store.deleteSelection()).toBe(1);
    expect(store.graph().nodes.find((n) => n.id === 'review')).toBeUndefined();
    expect(store.graph().edges.every((e) => e.from.node !== 'review' && e.to.node !== 'review')).toBe(true);
    store.undo();
    expect(store.graph().edges).toHaveLength(edges);

    const rule = store.graph().nodes.find((n) => n.id === 'triage')!;
    const ports = (rule.config['ports'] as { name: string }[]).filter((p) => p.name !== 'more-info');
    store.updateConfig('triage', { ...rule.config, ports, rows: [] });
    expect(store.graph().edges.some((e) => e.from.node === 'triage' && e.from.port === 'more-info')).toBe(false);
    expect(store.graph().edges.some((e) => e.from.node === 'triage' && e.from.port === 'approve')).toBe(true);
  });

  it('copies the selection with its inner edges and pastes with fresh ids, into another workflow too', () => {
    const source = new EditorStore(template());
    source.select(['claim', 'detect-product']);
    const text = source.copySelection()!;
    const clip = parseClipboard(text)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['claim', 'detect-product']);
    expect(clip.edges).toEqual([expect.objectContaining({ from: { node: 'claim', port: 'media' } })]);

    expect(source.duplicateSelection()).toBe(2);
    const ids = source.graph().nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['claim-2', 'detect-product-2']));
    expect(source.selectedNodeIds()).toEqual(['claim-2', 'detect-product-2']);
    expect(source.graph().edges.filter((e) => e.from.node === 'claim-2')).toHaveLength(1);

    const target = new EditorStore();
    expect(target.paste(text, { x: 100, y: 100 })).toBe(2);
    expect(target.graph().nodes.map((n) => [n.id, n.position])).toEqual([
      ['claim', { x: 100, y: 300 }],
      ['detect-product', { x: 420, y: 100 }],
    ]);
    expect(target.paste('just some text')).toBe(0);
  });

  it('counts a move as a saved change without revalidating (drags stay cheap on big graphs)', () => {
    const store = new EditorStore(template());
    const { issues, graphRevision } = store.getState();
    store.beginDrag();
    store.onNodesChange([{ type: 'position', id: 'claim', position: { x: 5, y: 7 }, dragging: true }]);
    expect(store.getState().issues).toBe(issues);
    expect(store.getState().graphRevision).toBe(graphRevision + 1);
    expect(store.graph().nodes[0]!.position).toEqual({ x: 5, y: 7 });
    store.undo();
    expect(store.graph().nodes[0]!.position).toEqual({ x: 0, y: 240 });
  });

  it('selecting gives new objects only to the nodes and edges whose selection changed', () => {
    const store = new EditorStore(template());
    store.select(['claim']);
    const before = store.getState();
    store.select(['review']);
    const after = store.getState();
    const changed = after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id);
    expect(changed.sort()).toEqual(['claim', 'review']);
    expect(after.nodes.find((n) => n.id === 'review')!.selected).toBe(true);
    expect(after.nodes.find((n) => n.id === 'claim')!.selected).toBe(false);
    expect(after.edges.every((e, i) => e === before.edges[i])).toBe(true);
    store.select(['review'], { additive: true });
    expect(store.getState().nodes.every((n, i) => n === after.nodes[i])).toBe(true);
  });

  it('refuses edits when read-only', () => {
    const store = new EditorStore(template(), { readOnly: true });
    expect(store.addNode('delay', { x: 0, y: 0 })).toBeUndefined();
    store.select(['claim']);
    expect(store.deleteSelection()).toBe(0);
    expect(store.connect({ node: 'claim', port: 'record' }, { node: 'send-decision', port: 'payload' }).ok).toBe(false);
    expect(store.getState().graphRevision).toBe(0);
  });
});

describe('issues', () => {
  it('maps config issues to form fields and port issues to ports', () => {
    const store = new EditorStore();
    store.addNode('webhook', { x: 0, y: 0 });
    const byNode = issuesByNode(store.getState().issues).get('webhook')!;
    expect(byNode.fields.get('url')).toBe('Use an http:// or https:// address');
    expect(byNode.ports.has('payload')).toBe(true);
    expect(
      toErrorSchema(
        new Map([
          ['rows[1].port', 'bad'],
          ['url', 'Required'],
        ]),
      ),
    ).toEqual({
      rows: { 1: { port: { __errors: ['bad'] } } },
      url: { __errors: ['Required'] },
    });
    expect(configPathOf({ code: 'invalid_config', path: 'nodes[0].config', message: '' })).toBe('');
  });
});

describe('palette and layout', () => {
  it('groups the newest node types by category and searches titles and descriptions', () => {
    expect(paletteGroups().map((g) => g.category)).toEqual(['input', 'vision', 'logic', 'human', 'output']);
    expect(paletteGroups('serial').flatMap((g) => g.entries.map((e) => e.type))).toEqual(['ocr']);
  });

  it('lays the warranty template out left to right in layers', async () => {
    const positions = await layoutGraph(template());
    const x = (id: string) => positions.get(id)!.x;
    expect(x('claim')).toBeLessThan(x('detect-product'));
    expect(x('detect-product')).toBe(x('classify-defect'));
    expect(x('classify-defect')).toBeLessThan(x('triage'));
    expect(x('triage')).toBeLessThan(x('review'));
    expect(x('review')).toBeLessThan(x('send-decision'));
  });
});
