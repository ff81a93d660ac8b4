'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  ArrowLeft,
  Download,
  FlaskConical,
  History,
  Keyboard,
  LayoutGrid,
  Maximize,
  MoreHorizontal,
  Redo2,
  Rocket,
  Undo2,
  Upload,
} from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { workflowGraphSchema, type WorkflowGraph } from '@conveyor/engine';
import { Badge, Button, DropdownMenu, Tooltip } from '@/components/ui';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { cn } from '@/lib/cn';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import type { EditorEdge, EditorNode } from '../model/editor-graph';
import { EditorStore } from '../model/editor-store';
import { issuesByNode } from '../model/graph-issues';
import { definitionFor } from '../model/node-catalog-view';
import { useAutosave } from '../hooks/use-autosave';
import { useEditorState } from '../hooks/use-editor-store';
import { useShortcuts } from '../hooks/use-shortcuts';
import { EditorViewContext, type EditorView, type StepStatus } from './editor-view-context';
import { IssuesPanel } from './issues-panel';
import { NodeConfigPanel } from './node-config-panel';
import { NodePalette } from './node-palette';
import { PublishDialog } from './publish-dialog';
import { SaveStatusPill } from './save-status';
import { ShortcutsDialog } from './shortcuts-dialog';
import { TestRunDialog, type TestRunRequest } from './test-run-dialog';
import { TestRunInspector } from './test-run-inspector';
import { VersionHistoryDialog } from './version-history-dialog';
import { WorkflowCanvas } from './workflow-canvas';

export type DraftData = inferRouterOutputs<AppRouter>['workflows']['getDraft'];

/** A draft whose saved JSON does not parse (hand-edited in the database) opens empty rather than crashing. */
function parseDraftGraph(graph: unknown): WorkflowGraph {
  const parsed = workflowGraphSchema.safeParse(graph);
  return parsed.success ? parsed.data : { nodes: [], edges: [] };
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function WorkflowEditor(props: { workspace: { id: string; slug: string }; draft: DraftData }) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ workspace, draft }: { workspace: { id: string; slug: string }; draft: DraftData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspaceId = workspace.id;
  const workflowId = draft.id;
  const readOnly = !draft.canEdit;
  const [store] = useState(() => new EditorStore(parseDraftGraph(draft.graph), { readOnly }));
  const state = useEditorState(store);
  const flow = useRef<ReactFlowInstance<EditorNode, EditorEdge> | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const draftKey = trpc.workflows.getDraft.queryKey({ workspaceId, workflowId });

  const [name, setName] = useState(draft.name);
  const [dialog, setDialog] = useState<null | 'publish' | 'versions' | 'shortcuts' | 'test'>(null);
  const [panel, setPanel] = useState<'config' | 'run'>('config');
  const [runId, setRunId] = useState<string | null>(null);
  const [inspected, setInspected] = useState<string | null>(null);
  const importInput = useRef<HTMLInputElement>(null);

  const saveDraft = useMutation(trpc.workflows.saveDraft.mutationOptions());
  const autosave = useAutosave({
    store,
    initialRevision: draft.revision,
    enabled: !readOnly,
    save: (graph, expectedRevision) => saveDraft.mutateAsync({ workspaceId, workflowId, graph, expectedRevision }),
  });
  const rename = useMutation(trpc.workflows.rename.mutationOptions());
  const publish = useMutation(trpc.workflows.publish.mutationOptions());
  const rollBack = useMutation(trpc.workflows.rollBack.mutationOptions());
  const importJson = useMutation(trpc.workflows.importJson.mutationOptions());
  const testRun = useMutation(trpc.workflows.testRun.mutationOptions());
  const runQuery = useQuery({
    ...trpc.workflows.testRunStatus.queryOptions({
      workspaceId,
      workflowId,
      runId: runId ?? '00000000-0000-0000-0000-000000000000',
    }),
    enabled: runId !== null,
    // Live node status: poll twice a second until the run is over.
    refetchInterval: (q) => (q.state.data?.terminal ? false : 500),
  });
  const run = runId ? runQuery.data : undefined;

  const issues = useMemo(() => issuesByNode(state.issues), [state.issues]);
  const runStatus = useMemo(() => {
    const map = new Map<string, { status: StepStatus; durationMs: number | null }>();
    for (const step of run?.steps ?? [])
      map.set(step.nodeId, { status: step.status as StepStatus, durationMs: step.durationMs });
    return map;
  }, [run]);
  const view = useMemo<EditorView>(() => ({ issues, runStatus, readOnly }), [issues, runStatus, readOnly]);

  const nodeName = useCallback(
    (id: string) => {
      const node = store.getState().nodes.find((n) => n.id === id);
      if (!node) return id;
      return node.data.label ?? definitionFor(node.data.type, node.data.typeVersion)?.title ?? id;
    },
    [store],
  );

  const selected = state.nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0]! : undefined;

  const focusNode = useCallback(
    (id: string) => {
      const node = store.getState().nodes.find((n) => n.id === id);
      if (!node) return;
      store.select([id]);
      setPanel('config');
      const width = node.measured?.width ?? 240;
      const height = node.measured?.height ?? 120;
      void flow.current?.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
        zoom: Math.max(flow.current.getZoom(), 0.9),
        duration: 300,
      });
    },
    [store],
  );

  const addAt = useCallback(
    (type: string, flowPoint: { x: number; y: number }) => {
      const id = store.addNode(type, { x: flowPoint.x - 120, y: flowPoint.y - 50 });
      if (id) setPanel('config');
      return id;
    },
    [store],
  );

  const onPaletteDrop = (type: string, client: { x: number; y: number }) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect || !flow.current) return false;
    if (client.x < rect.left || client.x > rect.right || client.y < rect.top || client.y > rect.bottom) return false;
    addAt(type, flow.current.screenToFlowPosition(client));
    return true;
  };

  const onPaletteAdd = (type: string) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect || !flow.current) return;
    const jitter = (store.getState().nodes.length % 5) * 24;
    addAt(
      type,
      flow.current.screenToFlowPosition({
        x: rect.left + rect.width / 2 + jitter,
        y: rect.top + rect.height / 2 + jitter,
      }),
    );
  };

  const autoLayout = useCallback(async () => {
    if (readOnly) return;
    const sizes = new Map(
      store
        .getState()
        .nodes.map((n) => [n.id, { width: n.measured?.width ?? 240, height: n.measured?.height ?? 120 }] as const),
    );
    // ELK is large: loaded on the first layout, not with the editor.
    const { layoutGraph } = await import('../model/layout');
    const positions = await layoutGraph(store.graph(), sizes);
    store.applyPositions(positions);
    // After React Flow has rendered the new positions, or it fits the old ones.
    setTimeout(() => void flow.current?.fitView({ padding: 0.15, duration: 300, maxZoom: 1 }), 80);
  }, [store, readOnly]);

  const fit = useCallback(() => void flow.current?.fitView({ padding: 0.2, duration: 300, maxZoom: 1 }), []);

  const refetchDraft = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({
      ...trpc.workflows.getDraft.queryOptions({ workspaceId, workflowId }),
      staleTime: 0,
    });
    return fresh;
  }, [queryClient, trpc, workspaceId, workflowId]);

  const doPublish = async (note: string): Promise<boolean> => {
    try {
      await autosave.saveNow();
      const version = await publish.mutateAsync({ workspaceId, workflowId, note, expectedRevision: autosave.revision });
      toast.success(`Published version ${version.version}`);
      await queryClient.invalidateQueries({ queryKey: draftKey });
      await queryClient.invalidateQueries({ queryKey: trpc.workflows.versions.queryKey({ workspaceId, workflowId }) });
      return true;
    } catch (error) {
      toast.error(errorMessage(error));
      return false;
    }
  };

  const startTestRun = async (request: TestRunRequest): Promise<boolean> => {
    try {
      await autosave.saveNow();
      const started = await testRun.mutateAsync({ workspaceId, workflowId, ...request });
      setRunId(started.runId);
      setPanel('run');
      setInspected(null);
      toast.success('Test run started');
      return true;
    } catch (error) {
      toast.error(errorMessage(error));
      return false;
    }
  };

  const openTestRun = () => {
    if (!draft.canRun) return toast.error('Your role cannot start test runs');
    if (state.issues.length > 0) {
      toast.error(`Fix the ${state.issues.length} issue${state.issues.length === 1 ? '' : 's'} before a test run`);
      return;
    }
    setDialog('test');
  };

  const doRollBack = async (versionId: string, version: number) => {
    try {
      await autosave.saveNow();
      const result = await rollBack.mutateAsync({
        workspaceId,
        workflowId,
        versionId,
        expectedRevision: autosave.revision,
      });
      store.replaceGraph(parseDraftGraph(result.graph));
      autosave.resetRevision(result.revision);
      toast.success(`The draft is now version ${version}; publish to make it live`);
      setDialog(null);
      setTimeout(fit, 80);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const doImport = async (file: File) => {
    try {
      await autosave.saveNow();
      const text = await file.text();
      const result = await importJson.mutateAsync({
        workspaceId,
        workflowId,
        text,
        expectedRevision: autosave.revision,
      });
      const fresh = await refetchDraft();
      store.replaceGraph(parseDraftGraph(fresh.graph));
      autosave.resetRevision(result.revision);
      toast.success(
        `Imported ${file.name}${result.renamedNodes ? ` (${result.renamedNodes} node id${result.renamedNodes === 1 ? '' : 's'} renamed)` : ''}`,
      );
      setTimeout(fit, 80);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const doExport = () => {
    const file = {
      format: 'conveyor.workflow',
      formatVersion: 1,
      name,
      description: draft.description,
      exportedAt: new Date().toISOString(),
      graph: store.graph(),
    };
    download(
      `${name.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase() || 'workflow'}.json`,
      JSON.stringify(file, null, 2),
    );
  };

  useShortcuts({
    undo: () => store.undo(),
    redo: () => store.redo(),
    duplicate: () => store.duplicateSelection(),
    deleteSelection: () => store.deleteSelection(),
    save: () => void autosave.saveNow().then(() => !readOnly && toast.success('Saved', { duration: 1200 })),
    testRun: openTestRun,
    layout: () => void autoLayout(),
    fit,
    help: () => setDialog('shortcuts'),
    selectAll: () => store.selectAll(),
    escape: () => store.select([]),
    copy: () => {
      const text = store.copySelection();
      if (text)
        toast.success(
          `Copied ${store.selectedNodeIds().length} node${store.selectedNodeIds().length === 1 ? '' : 's'}`,
          { duration: 1200 },
        );
      return text;
    },
    paste: (text) => {
      const n = store.paste(text);
      if (n > 0) toast.success(`Pasted ${n} node${n === 1 ? '' : 's'}`, { duration: 1200 });
    },
  });

  // Keep the name field in step with renames from elsewhere (list page).
  useEffect(() => setName(draft.name), [draft.name]);

  const ingest = state.nodes.find((n) => n.data.type === 'ingest');
  const requiredFields = Array.isArray(ingest?.data.config['requiredFields'])
    ? (ingest!.data.config['requiredFields'] as string[])
    : [];

  return (
    <EditorViewContext.Provider value={view}>
      <div className="flex h-full min-h-0 flex-col" data-testid="workflow-editor" data-readonly={readOnly}>
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-zinc-200 bg-white px-3">
          <Link
            href={`/w/${workspace.slug}/workflows`}
            className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
            aria-label="Back to workflows"
          >
            <ArrowLeft className="size-4" />
          </Link>
          <input
            aria-label="Workflow name"
            value={name}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
            onBlur={async () => {
              if (name.trim() === draft.name || name.trim() === '') return setName(draft.name);
              try {
                await rename.mutateAsync({ workspaceId, workflowId, name });
                await queryClient.invalidateQueries({ queryKey: draftKey });
              } catch (error) {
                toast.error(errorMessage(error));
                setName(draft.name);
              }
            }}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
            className="h-8 min-w-0 max-w-80 flex-1 truncate rounded-md border border-transparent bg-transparent px-2 text-sm font-semibold text-zinc-900 hover:border-zinc-200 focus:border-accent-500 focus:outline-none disabled:hover:border-transparent"
          />
          {draft.latestVersion ? (
            <Badge tone={draft.hasUnpublishedChanges ? 'warning' : 'success'}>
              v{draft.latestVersion.version}
              {draft.hasUnpublishedChanges ? ' · draft has changes' : ' · live'}
            </Badge>
          ) : (
            <Badge tone="muted">Never published</Badge>
          )}
          {readOnly ? (
            <Badge tone="info" className="ml-1">
              Read-only
            </Badge>
          ) : (
            <SaveStatusPill status={autosave.status} savedAt={autosave.savedAt} error={autosave.error} />
          )}
          <div className="ml-auto flex items-center gap-1">
            {!readOnly ? (
              <>
                <Tooltip content="Undo (⌘Z)" side="bottom">
                  <Button
                    size="icon"
                    variant="ghost"
                    aria-label="Undo"
                    disabled={!state.canUndo}
                    onClick={() => store.undo()}
                  >
                    <Undo2 />
                  </Button>
                </Tooltip>
                <Tooltip content="Redo (⇧⌘Z)" side="bottom">
                  <Button
                    size="icon"
                    variant="ghost"
                    aria-label="Redo"
                    disabled={!state.canRedo}
                    onClick={() => store.redo()}
                  >
                    <Redo2 />
                  </Button>
                </Tooltip>
                <Tooltip content="Auto-layout (L)" side="bottom">
                  <Button size="icon" variant="ghost" aria-label="Auto-layout" onClick={() => void autoLayout()}>
                    <LayoutGrid />
                  </Button>
                </Tooltip>
              </>
            ) : null}
            <Tooltip content="Fit view (F)" side="bottom">
              <Button size="icon" variant="ghost" aria-label="Fit view" onClick={fit}>
                <Maximize />
              </Button>
            </Tooltip>
            <Tooltip content="Version history" side="bottom">
              <Button size="icon" variant="ghost" aria-label="Version history" onClick={() => setDialog('versions')}>
                <History />
              </Button>
            </Tooltip>
            <DropdownMenu
              label="More actions"
              align="end"
              trigger={<MoreHorizontal className="size-4" />}
              items={[
                { label: 'Export JSON', icon: <Download className="size-4" />, onSelect: doExport },
                ...(!readOnly
                  ? [
                      {
                        label: 'Import JSON into draft…',
                        icon: <Upload className="size-4" />,
                        onSelect: () => importInput.current?.click(),
                      },
                    ]
                  : []),
                'separator' as const,
                {
                  label: 'Keyboard shortcuts',
                  icon: <Keyboard className="size-4" />,
                  onSelect: () => setDialog('shortcuts'),
                },
              ]}
            />
            <input
              ref={importInput}
              type="file"
              accept="application/json,.json"
              className="sr-only"
              data-testid="import-json-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void doImport(file);
                e.target.value = '';
              }}
            />
            {draft.canRun ? (
              <Button variant="secondary" size="md" onClick={openTestRun} data-testid="test-run-button">
                <FlaskConical /> Test run
              </Button>
            ) : null}
            {draft.canPublish ? (
              <Button onClick={() => setDialog('publish')} data-testid="publish-button">
                <Rocket /> Publish
              </Button>
            ) : null}
          </div>
        </header>

        {autosave.status === 'conflict' ? (
          <div
            className="flex items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900"
            role="alert"
          >
            <span className="flex-1">
              {autosave.error ?? 'Someone else saved this draft.'} Your changes are not saved.
            </span>
            <Button
              size="sm"
              variant="secondary"
              onClick={async () => {
                const fresh = await refetchDraft();
                store.load(parseDraftGraph(fresh.graph));
                autosave.resetRevision(fresh.revision);
                toast.success('Loaded the latest draft');
              }}
            >
              Load theirs
            </Button>
            <Button
              size="sm"
              variant="danger"
              onClick={async () => {
                const fresh = await refetchDraft();
                await autosave.overwrite(fresh.revision);
              }}
            >
              Keep mine
            </Button>
          </div>
        ) : null}

        <div className="flex min-h-0 flex-1">
          {readOnly ? null : <NodePalette onAdd={onPaletteAdd} onDrop={onPaletteDrop} disabled={false} />}
          <div ref={canvasRef} className="relative min-w-0 flex-1" data-testid="canvas">
            <WorkflowCanvas
              store={store}
              onInit={(instance) => (flow.current = instance)}
              onNodeClick={(id) => {
                setInspected(id);
              }}
              onPaneClick={() => setInspected(null)}
            >
              <IssuesPanel issues={state.issues} nodeName={nodeName} onFocusNode={focusNode} readOnly={readOnly} />
            </WorkflowCanvas>
            {state.nodes.length === 0 ? (
              <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
                <div className="max-w-sm rounded-xl border border-dashed border-zinc-300 bg-white/90 p-6 text-center shadow-card">
                  <div className="text-sm font-semibold text-zinc-900">Start with an Ingest node</div>
                  <p className="mt-1 text-sm text-zinc-500">
                    Drag nodes from the palette on the left and connect an output (right side) to an input (left side).
                    Press <kbd className="rounded border px-1 text-xs">?</kbd> for shortcuts.
                  </p>
                </div>
              </div>
            ) : null}
          </div>
          <aside
            aria-label="Inspector"
            className="flex w-[22rem] shrink-0 flex-col border-l border-zinc-200 bg-white xl:w-[26rem]"
          >
            {run ? (
              <div role="tablist" className="flex border-b border-zinc-200 px-2 pt-2 text-sm">
                {(['config', 'run'] as const).map((p) => (
                  <button
                    key={p}
                    role="tab"
                    type="button"
                    aria-selected={panel === p}
                    onClick={() => setPanel(p)}
                    data-testid={`inspector-tab-${p}`}
                    className={cn(
                      '-mb-px border-b-2 px-3 py-1.5 font-medium',
                      panel === p
                        ? 'border-accent-600 text-zinc-900'
                        : 'border-transparent text-zinc-500 hover:text-zinc-800',
                    )}
                  >
                    {p === 'config' ? 'Settings' : 'Test run'}
                  </button>
                ))}
              </div>
            ) : null}
            <div className="min-h-0 flex-1 overflow-y-auto">
              {panel === 'run' && run ? (
                <TestRunInspector
                  run={run}
                  nodeId={inspected}
                  nodeName={nodeName}
                  runHref={`/w/${workspace.slug}/runs/${run.id}`}
                  onSelectNode={(id) => {
                    setInspected(id || null);
                    if (id) store.select([id]);
                  }}
                  onClose={() => {
                    setRunId(null);
                    setPanel('config');
                  }}
                />
              ) : single ? (
                <NodeConfigPanel
                  key={single.id}
                  node={single}
                  definition={definitionFor(single.data.type, single.data.typeVersion)}
                  issues={issues.get(single.id)}
                  readOnly={readOnly}
                  onConfigChange={(config, field) => store.updateConfig(single.id, config, field)}
                  onLabelChange={(label) => store.updateLabel(single.id, label)}
                />
              ) : (
                <WorkflowOverview
                  count={selected.length}
                  nodes={state.nodes.length}
                  edges={state.edges.length}
                  issues={state.issues.length}
                  description={draft.description}
                  readOnly={readOnly}
                />
              )}
            </div>
          </aside>
        </div>
      </div>

      <PublishDialog
        open={dialog === 'publish'}
        onClose={() => setDialog(null)}
        workspaceId={workspaceId}
        workflowId={workflowId}
        latestVersion={draft.latestVersion?.version ?? null}
        issueCount={state.issues.length}
        onPublish={doPublish}
        nodeName={nodeName}
      />
      <VersionHistoryDialog
        open={dialog === 'versions'}
        onClose={() => setDialog(null)}
        workspaceId={workspaceId}
        workflowId={workflowId}
        canEdit={!readOnly}
        onRollBack={doRollBack}
        nodeName={nodeName}
      />
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog(null)} />
      {draft.canRun ? (
        <TestRunDialog
          open={dialog === 'test'}
          onClose={() => setDialog(null)}
          workspaceId={workspaceId}
          requiredFields={requiredFields}
          onStart={startTestRun}
        />
      ) : null}
    </EditorViewContext.Provider>
  );
}

function WorkflowOverview({
  count,
  nodes,
  edges,
  issues,
  description,
  readOnly,
}: {
  count: number;
  nodes: number;
  edges: number;
  issues: number;
  description: string;
  readOnly: boolean;
}) {
  return (
    <div className="p-4 text-sm">
      {count > 1 ? (
        <>
          <div className="font-semibold text-zinc-900">{count} nodes selected</div>
          <p className="mt-1 text-xs text-zinc-500">
            Drag to move them together; ⌘C / ⌘D copy or duplicate them; Del removes them.
          </p>
        </>
      ) : (
        <>
          <div className="font-semibold text-zinc-900">Workflow</div>
          {description ? <p className="mt-1 text-xs leading-5 text-zinc-600">{description}</p> : null}
          <dl className="mt-3 grid grid-cols-3 gap-2">
            {[
              ['Nodes', nodes],
              ['Connections', edges],
              ['Issues', issues],
            ].map(([label, value]) => (
              <div key={label} className="rounded-md border border-zinc-200 p-2">
                <dt className="text-[11px] text-zinc-500">{label}</dt>
                <dd className="text-base font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-xs text-zinc-500">
            {readOnly
              ? 'You can inspect nodes and versions; your role cannot change this workflow.'
              : 'Select a node to configure it. Changes save automatically.'}
          </p>
        </>
      )}
    </div>
  );
}
