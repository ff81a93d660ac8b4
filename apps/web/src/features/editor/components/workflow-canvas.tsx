'use client';

import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { EditorEdge, EditorNode } from '../model/editor-graph';
import type { EditorStore } from '../model/editor-store';
import { CATEGORY_HEX, definitionFor } from '../model/node-catalog-view';
import { styleEdges, type EdgeStyleCache } from '../model/edge-style';
import { useEditorState } from '../hooks/use-editor-store';
import { useEditorView } from './editor-view-context';
import { WorkflowNode } from './workflow-node';

const nodeTypes = { workflow: WorkflowNode };

/**
 * The React Flow canvas over the editor store. Connections are checked with the shared
 * `canConnect` while dragging (invalid targets do not light up) and again on drop, where a
 * refusal is explained in a toast.
 */
export function WorkflowCanvas({
  store,
  onInit,
  onNodeClick,
  onPaneClick,
  children,
}: {
  store: EditorStore;
  onInit: (instance: ReactFlowInstance<EditorNode, EditorEdge>) => void;
  onNodeClick: (id: string) => void;
  onPaneClick: () => void;
  children?: ReactNode;
}) {
  const state = useEditorState(store);
  const view = useEditorView();
  const lastRefusal = useRef<string | null>(null);
  // Fit an existing workflow on open; an empty canvas keeps zoom 1, or the first node
  // dropped on it would be zoomed to fill the view.
  const [fitOnOpen] = useState(() => store.getState().nodes.length > 0);

  const edgeStyles = useRef<EdgeStyleCache>(new WeakMap());
  const edges = useMemo<Edge[]>(
    () => styleEdges(state.edges, state.nodes, view.runStatus, edgeStyles.current),
    [state.edges, state.nodes, view.runStatus],
  );

  const check = (c: Connection | Edge) =>
    store.checkConnection(
      { node: c.source, port: c.sourceHandle ?? '' },
      { node: c.target, port: c.targetHandle ?? '' },
    );

  return (
    <ReactFlow<EditorNode, Edge>
      nodes={state.nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onInit={onInit}
      onNodesChange={(changes) => store.onNodesChange(changes)}
      onEdgesChange={(changes) => store.onEdgesChange(changes)}
      onNodeDragStart={() => store.beginDrag()}
      onSelectionDragStart={() => store.beginDrag()}
      isValidConnection={(c) => check(c).ok}
      onConnectStart={() => (lastRefusal.current = null)}
      onConnect={(c) => {
        const result = store.connect(
          { node: c.source, port: c.sourceHandle ?? '' },
          { node: c.target, port: c.targetHandle ?? '' },
        );
        if (!result.ok) toast.error(result.reason);
      }}
      onConnectEnd={(_event, state: FinalConnectionState) => {
        // Dropped on a handle that refused: say why (onConnect never fires for it).
        if (state.isValid || !state.toHandle || !state.fromHandle) return;
        const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
        const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
        const result = store.checkConnection(
          { node: from.nodeId, port: from.id ?? '' },
          { node: to.nodeId, port: to.id ?? '' },
        );
        if (!result.ok && lastRefusal.current !== result.reason) {
          lastRefusal.current = result.reason;
          toast.error(`Can't connect: ${result.reason}`);
        }
      }}
      onNodeClick={(_e, node) => onNodeClick(node.id)}
      onPaneClick={onPaneClick}
      nodesDraggable={!state.readOnly}
      nodesConnectable={!state.readOnly}
      elementsSelectable
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      selectNodesOnDrag={false}
      minZoom={0.15}
      maxZoom={2}
      fitView={fitOnOpen}
      fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
      proOptions={{ hideAttribution: true }}
      defaultEdgeOptions={{ type: 'default' }}
      className="bg-canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#d4d4d8" />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap"
        nodeStrokeWidth={2}
        nodeColor={(n) => {
          const def = definitionFor((n as EditorNode).data.type, (n as EditorNode).data.typeVersion);
          return def ? CATEGORY_HEX[def.category] : '#a1a1aa';
        }}
        className="!rounded-md !border !border-zinc-200 !shadow-card"
      />
      <Controls showInteractive={false} className="!rounded-md !shadow-card" />
      {children ? <Panel position="bottom-center">{children}</Panel> : null}
    </ReactFlow>
  );
}
