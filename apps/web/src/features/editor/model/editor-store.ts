import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { canConnect, validateGraph, type ConnectionCheck, type GraphIssue, type WorkflowGraph } from '@conveyor/engine';
import { latestNodeDefinition, nodeCatalog } from '@conveyor/nodes';
import { parseClipboard, prepareClipboardPaste, serializeSelection } from './clipboard.ts';
import {
  edgeId,
  freeNodeId,
  fromGraph,
  toEditorEdge,
  toEditorNode,
  toGraph,
  type EditorEdge,
  type EditorNode,
} from './editor-graph.ts';
import { History } from './history.ts';
import { defaultConfig } from './node-catalog-view.ts';

interface Snapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

export interface EditorState {
  nodes: EditorNode[];
  edges: EditorEdge[];
  issues: readonly GraphIssue[];
  /** Bumped on every change to the saved graph (not on selection or measuring). */
  graphRevision: number;
  canUndo: boolean;
  canRedo: boolean;
  readOnly: boolean;
}

/** Only what is saved: selection and measurements are view state, not history. */
function snapshotOf(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): Snapshot {
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: 'workflow', position: { ...n.position }, data: n.data })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
    })),
  };
}

/**
 * The editor's state and every edit an analyst can make, framework-free so it can be
 * tested without a browser. React subscribes through `subscribe`/`getState`
 * (useSyncExternalStore). Every graph edit records an undo step first.
 */
export class EditorStore {
  private state: EditorState;
  private readonly history = new History<Snapshot>();
  private readonly listeners = new Set<() => void>();
  private graphCache: { revision: number; graph: WorkflowGraph } | undefined;

  constructor(graph: WorkflowGraph = { nodes: [], edges: [] }, options: { readOnly?: boolean } = {}) {
    const { nodes, edges } = fromGraph(graph);
    this.state = {
      nodes,
      edges,
      issues: validateGraph(graph, nodeCatalog).issues,
      graphRevision: 0,
      canUndo: false,
      canRedo: false,
      readOnly: options.readOnly ?? false,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): EditorState => this.state;

  graph(): WorkflowGraph {
    if (this.graphCache?.revision !== this.state.graphRevision) {
      this.graphCache = { revision: this.state.graphRevision, graph: toGraph(this.state.nodes, this.state.edges) };
    }
    return this.graphCache.graph;
  }

  /**
   * `graphChanged`: true for edits the validator must see; 'layout' for moves, which
   * change what is saved but never an issue (no revalidation while dragging 300 nodes).
   */
  private set(patch: Partial<EditorState>, graphChanged: boolean | 'layout'): void {
    const next = { ...this.state, ...patch };
    if (graphChanged) next.graphRevision = this.state.graphRevision + 1;
    if (graphChanged === true) next.issues = validateGraph(toGraph(next.nodes, next.edges), nodeCatalog).issues;
    next.canUndo = this.history.canUndo;
    next.canRedo = this.history.canRedo;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private record(key?: string): void {
    this.history.record(snapshotOf(this.state.nodes, this.state.edges), key);
  }

  /** Replaces everything (load, reload after a conflict); history starts over. */
  load(graph: WorkflowGraph, options: { readOnly?: boolean } = {}): void {
    this.history.clear();
    const { nodes, edges } = fromGraph(graph);
    this.set({ nodes, edges, readOnly: options.readOnly ?? this.state.readOnly }, true);
  }

  setReadOnly(readOnly: boolean): void {
    this.set({ readOnly }, false);
  }

  /** Replaces the graph as one undoable step (roll back to a version, import). */
  replaceGraph(graph: WorkflowGraph): void {
    this.record();
    const { nodes, edges } = fromGraph(graph);
    this.set({ nodes, edges }, true);
  }

  // ---- React Flow changes -------------------------------------------------------------

  onNodesChange(changes: NodeChange<EditorNode>[]): void {
    // Deletions go through deleteSelection (one undo step, edges included).
    const allowed = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
    if (allowed.length === 0) return;
    const moved = allowed.some((c) => c.type === 'position' && c.position !== undefined);
    if (moved && this.state.readOnly) return;
    this.set({ nodes: applyNodeChanges(allowed, this.state.nodes) }, moved ? 'layout' : false);
  }

  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void {
    const allowed = changes.filter((c) => c.type === 'select');
    if (allowed.length === 0) return;
    this.set({ edges: applyEdgeChanges(allowed, this.state.edges) }, false);
  }

  /** Called once when a drag starts: the whole drag is one undo step. */
  beginDrag(): void {
    if (!this.state.readOnly) this.record();
  }

  // ---- edits --------------------------------------------------------------------------

  addNode(type: string, position: { x: number; y: number }): string | undefined {
    if (this.state.readOnly) return undefined;
    const def = latestNodeDefinition(type);
    if (!def) return undefined;
    const id = freeNodeId(type, new Set(this.state.nodes.map((n) => n.id)));
    this.record();
    const node = toEditorNode({
      id,
      type: def.type,
      typeVersion: def.version,
      config: defaultConfig(def),
      position: { x: Math.round(position.x), y: Math.round(position.y) },
    });
    node.selected = true;
    this.set({ nodes: [...this.state.nodes.map((n) => ({ ...n, selected: false })), node] }, true);
    return id;
  }

  checkConnection(from: { node: string; port: string }, to: { node: string; port: string }): ConnectionCheck {
    return canConnect(this.graph(), from, to, nodeCatalog);
  }

  connect(from: { node: string; port: string }, to: { node: string; port: string }): ConnectionCheck {
    if (this.state.readOnly) return { ok: false, code: 'unknown_node', reason: 'This workflow is read-only for you' };
    const check = this.checkConnection(from, to);
    if (!check.ok) return check;
    this.record();
    this.set({ edges: [...this.state.edges, toEditorEdge({ id: edgeId({ from, to }), from, to })] }, true);
    return check;
  }

  updateConfig(nodeId: string, config: Record<string, unknown>, field = '*'): void {
    if (this.state.readOnly) return;
    this.record(`config:${nodeId}:${field}`);
    this.set(
      {
        nodes: this.state.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)),
        edges: this.dropDanglingEdges(nodeId, config),
      },
      true,
    );
  }

  updateLabel(nodeId: string, label: string): void {
    if (this.state.readOnly) return;
    this.record(`label:${nodeId}`);
    const trimmed = label.slice(0, 120);
    this.set(
      {
        nodes: this.state.nodes.map((n) => {
          if (n.id !== nodeId) return n;
          const data = { ...n.data };
          if (trimmed.trim() === '') delete data.label;
          else data.label = trimmed;
          return { ...n, data };
        }),
      },
      true,
    );
  }

  /**
   * A rule whose port was renamed or removed keeps no edge from the old port: the edge
   * would be dangling (and refused on publish) with nothing on the canvas to grab.
   */
  private dropDanglingEdges(nodeId: string, config: Record<string, unknown>): EditorEdge[] {
    const node = this.state.nodes.find((n) => n.id === nodeId);
    if (!node) return this.state.edges;
    const def = latestNodeDefinition(node.data.type);
    if (!def?.dynamicOutputs) return this.state.edges;
    const dynamic = def.dynamicOutputs(config);
    if (!dynamic) return this.state.edges;
    const ports = new Set([...Object.keys(dynamic), ...Object.keys(def.outputs)]);
    return this.state.edges.filter((e) => e.source !== nodeId || ports.has(e.sourceHandle ?? ''));
  }

  selectedNodeIds(): string[] {
    return this.state.nodes.filter((n) => n.selected).map((n) => n.id);
  }

  deleteSelection(): number {
    if (this.state.readOnly) return 0;
    const nodeIds = new Set(this.selectedNodeIds());
    const edgeIds = new Set(this.state.edges.filter((e) => e.selected).map((e) => e.id));
    if (nodeIds.size === 0 && edgeIds.size === 0) return 0;
    this.record();
    this.set(
      {
        nodes: this.state.nodes.filter((n) => !nodeIds.has(n.id)),
        edges: this.state.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
      },
      true,
    );
    return nodeIds.size + edgeIds.size;
  }

  deleteEdge(id: string): void {
    if (this.state.readOnly) return;
    this.record();
    this.set({ edges: this.state.edges.filter((e) => e.id !== id) }, true);
  }

  /** The selection as clipboard JSON, or undefined with nothing selected. */
  copySelection(): string | undefined {
    const ids = new Set(this.selectedNodeIds());
    if (ids.size === 0) return undefined;
    const graph = this.graph();
    return serializeSelection(
      graph.nodes.filter((n) => ids.has(n.id)),
      graph.edges,
    );
  }

  /** Pastes clipboard JSON; returns how many nodes arrived (0 for foreign text). */
  paste(text: string, at?: { x: number; y: number }): number {
    if (this.state.readOnly) return 0;
    const clip = parseClipboard(text);
    if (!clip) return 0;
    const prepared = prepareClipboardPaste(clip, new Set(this.state.nodes.map((n) => n.id)), at ? { at } : {});
    this.record();
    const pasted = prepared.nodes.map((n) => ({ ...toEditorNode(n), selected: true }));
    this.set(
      {
        nodes: [...this.state.nodes.map((n) => ({ ...n, selected: false })), ...pasted],
        edges: [...this.state.edges.map((e) => ({ ...e, selected: false })), ...prepared.edges.map(toEditorEdge)],
      },
      true,
    );
    return pasted.length;
  }

  duplicateSelection(): number {
    const text = this.copySelection();
    return text ? this.paste(text) : 0;
  }

  select(ids: readonly string[], options: { additive?: boolean } = {}): void {
    const wanted = new Set(ids);
    // Only nodes and edges whose selection changes get new objects: React Flow and the
    // memoised node components re-render what changed identity, and a click in a
    // 300-node workflow should not re-render all of it.
    this.set(
      {
        nodes: this.state.nodes.map((n) => {
          const selected = wanted.has(n.id) || (options.additive === true && n.selected === true);
          return (n.selected ?? false) === selected ? n : { ...n, selected };
        }),
        edges: options.additive
          ? this.state.edges
          : this.state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      },
      false,
    );
  }

  selectAll(): void {
    this.select(this.state.nodes.map((n) => n.id));
  }

  applyPositions(positions: ReadonlyMap<string, { x: number; y: number }>): void {
    if (this.state.readOnly || positions.size === 0) return;
    this.record();
    this.set(
      { nodes: this.state.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) },
      'layout',
    );
  }

  undo(): boolean {
    const previous = this.history.undo(snapshotOf(this.state.nodes, this.state.edges));
    if (!previous) return false;
    this.set({ nodes: previous.nodes, edges: previous.edges }, true);
    return true;
  }

  redo(): boolean {
    const next = this.history.redo(snapshotOf(this.state.nodes, this.state.edges));
    if (!next) return false;
    this.set({ nodes: next.nodes, edges: next.edges }, true);
    return true;
  }
}
