'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FileJson, GitBranch, MoreHorizontal, Pencil, Plus, Search, Sparkles, Trash2, Workflow } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useRef, useState } from 'react';
import { toast } from 'sonner';
import { templates } from '@conveyor/nodes';
import { Badge, Button, Dialog, DropdownMenu, EmptyState, Input, PageHeader, Skeleton } from '@/components/ui';
import { useCan, useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { GraphThumbnail } from './graph-thumbnail';

function ago(date: Date | null): string {
  if (!date) return '—';
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

/** The workspace's workflows: search, create blank or from a template, import, rename, delete. */
export function WorkflowsList() {
  const workspace = useWorkspace();
  const canEdit = useCan('workflow:edit');
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const list = useQuery({
    ...trpc.workflows.list.queryOptions({ workspaceId: workspace.id, ...(deferred ? { query: deferred } : {}) }),
    placeholderData: (previous) => previous,
  });
  const listKey = trpc.workflows.list.queryKey();
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const rename = useMutation(trpc.workflows.rename.mutationOptions());
  const remove = useMutation(trpc.workflows.delete.mutationOptions());
  const importJson = useMutation(trpc.workflows.importJson.mutationOptions());
  const [dialog, setDialog] = useState<
    null | { kind: 'create' } | { kind: 'rename' | 'delete'; id: string; name: string }
  >(null);
  const [name, setName] = useState('');
  const importInput = useRef<HTMLInputElement>(null);

  const open = (id: string) => router.push(`/w/${workspace.slug}/workflows/${id}`);
  const createFrom = async (input: { name?: string; templateKey?: string }) => {
    try {
      const created = await create.mutateAsync({ workspaceId: workspace.id, ...input });
      await queryClient.invalidateQueries({ queryKey: listKey });
      open(created.id);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const workflows = list.data ?? [];
  const empty = !list.isLoading && workflows.length === 0 && deferred === '';

  return (
    <>
      <PageHeader
        title="Workflows"
        description="Pipelines that turn claim photos and videos into decisions. Draft, test, publish."
        actions={
          canEdit ? (
            <>
              <Button variant="secondary" onClick={() => importInput.current?.click()} loading={importJson.isPending}>
                <FileJson /> Import JSON
              </Button>
              <Button
                onClick={() => {
                  setName('');
                  setDialog({ kind: 'create' });
                }}
                data-testid="new-workflow"
              >
                <Plus /> New workflow
              </Button>
              <input
                ref={importInput}
                type="file"
                accept="application/json,.json"
                className="sr-only"
                data-testid="import-workflow-input"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (!file) return;
                  try {
                    const result = await importJson.mutateAsync({ workspaceId: workspace.id, text: await file.text() });
                    await queryClient.invalidateQueries({ queryKey: listKey });
                    toast.success(
                      result.issues.length
                        ? `Imported with ${result.issues.length} issue${result.issues.length === 1 ? '' : 's'} to fix`
                        : 'Imported',
                    );
                    open(result.workflowId);
                  } catch (error) {
                    toast.error(errorMessage(error));
                  }
                }}
              />
            </>
          ) : null
        }
      />

      {canEdit ? (
        <section aria-labelledby="templates-heading" className="mb-8">
          <h2 id="templates-heading" className="mb-3 flex items-center gap-1.5 text-sm font-semibold text-zinc-900">
            <Sparkles className="size-4 text-accent-600" /> Start from a template
          </h2>
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {templates.map((t) => (
              <button
                key={t.key}
                type="button"
                onClick={() => void createFrom({ templateKey: t.key })}
                disabled={create.isPending}
                data-testid={`template-${t.key}`}
                className="group flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white text-left shadow-card transition hover:border-accent-300 hover:shadow-pop disabled:opacity-60"
              >
                <div className="flex h-28 items-center justify-center border-b border-zinc-100 bg-gradient-to-br from-zinc-50 to-accent-50/60 p-3">
                  <GraphThumbnail graph={t.graph} className="h-full w-full" />
                </div>
                <div className="p-3">
                  <div className="flex items-center justify-between gap-2">
                    <span className="text-sm font-semibold text-zinc-900">{t.name}</span>
                    <Badge tone="accent">{t.graph.nodes.length} nodes</Badge>
                  </div>
                  <p className="mt-1 line-clamp-3 text-xs leading-5 text-zinc-600">{t.description}</p>
                  <span className="mt-2 inline-block text-xs font-medium text-accent-700 group-hover:underline">
                    Use this template →
                  </span>
                </div>
              </button>
            ))}
            <button
              type="button"
              onClick={() => {
                setName('');
                setDialog({ kind: 'create' });
              }}
              className="flex min-h-40 flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-zinc-300 bg-white p-4 text-center text-sm text-zinc-600 hover:border-accent-300 hover:text-accent-700"
            >
              <Plus className="size-5" />
              Blank workflow
              <span className="text-xs text-zinc-500">Build it node by node on an empty canvas</span>
            </button>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="list-heading">
        <div className="mb-3 flex items-center justify-between gap-3">
          <h2 id="list-heading" className="text-sm font-semibold text-zinc-900">
            Your workflows {list.data ? <span className="font-normal text-zinc-500">({workflows.length})</span> : null}
          </h2>
          <label className="relative w-72">
            <span className="sr-only">Search workflows</span>
            <Search
              aria-hidden
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400"
            />
            <Input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search by name…"
              className="pl-9"
              data-testid="workflow-search"
            />
          </label>
        </div>
        {list.isLoading ? (
          <div className="flex flex-col gap-2">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : list.isError ? (
          <EmptyState title="Could not load workflows" description={errorMessage(list.error)} />
        ) : empty ? (
          <EmptyState
            icon={<Workflow />}
            title="No workflows yet"
            description={
              canEdit
                ? 'Start from the warranty-claim template above, or build one from scratch.'
                : 'Nothing has been built in this workspace yet.'
            }
            action={
              canEdit ? (
                <Button onClick={() => void createFrom({ templateKey: 'warranty-triage' })}>
                  <Sparkles /> Use the warranty template
                </Button>
              ) : null
            }
          />
        ) : workflows.length === 0 ? (
          <EmptyState icon={<Search />} title={`No workflow matches “${deferred}”`} />
        ) : (
          <ul
            className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-card"
            data-testid="workflow-list"
          >
            {workflows.map((w) => (
              <li key={w.id} className="flex items-center gap-4 px-4 py-3 hover:bg-zinc-50">
                <div className="flex size-9 shrink-0 items-center justify-center rounded-md bg-accent-50 text-accent-700">
                  <GitBranch className="size-4" />
                </div>
                <Link
                  href={`/w/${workspace.slug}/workflows/${w.id}`}
                  className="min-w-0 flex-1 focus-visible:outline-offset-4"
                >
                  <div className="flex items-center gap-2">
                    <span className="truncate text-sm font-semibold text-zinc-900">{w.name}</span>
                    {w.latestVersion ? (
                      <Badge tone={w.hasUnpublishedChanges ? 'warning' : 'success'}>
                        v{w.latestVersion.version}
                        {w.hasUnpublishedChanges ? ' · unpublished changes' : ' · live'}
                      </Badge>
                    ) : (
                      <Badge tone="muted">Draft</Badge>
                    )}
                  </div>
                  <p className="mt-0.5 truncate text-xs text-zinc-500">
                    {w.description || `${w.nodeCount} node${w.nodeCount === 1 ? '' : 's'}`}
                  </p>
                </Link>
                <dl className="hidden shrink-0 grid-cols-3 gap-6 text-right text-xs md:grid">
                  <div>
                    <dt className="text-zinc-500">Nodes</dt>
                    <dd className="font-medium tabular-nums">{w.nodeCount}</dd>
                  </div>
                  <div>
                    <dt className="text-zinc-500">Edited</dt>
                    <dd className="font-medium">{ago(w.draftUpdatedAt)}</dd>
                  </div>
                  <div>
                    <dt className="text-zinc-500">Last run</dt>
                    <dd className="font-medium">{ago(w.lastRunAt)}</dd>
                  </div>
                </dl>
                {canEdit ? (
                  <DropdownMenu
                    label={`Actions for ${w.name}`}
                    align="end"
                    trigger={<MoreHorizontal className="size-4" />}
                    items={[
                      {
                        label: 'Rename',
                        icon: <Pencil className="size-4" />,
                        onSelect: () => {
                          setName(w.name);
                          setDialog({ kind: 'rename', id: w.id, name: w.name });
                        },
                      },
                      'separator',
                      {
                        label: 'Delete',
                        danger: true,
                        icon: <Trash2 className="size-4" />,
                        onSelect: () => setDialog({ kind: 'delete', id: w.id, name: w.name }),
                      },
                    ]}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Dialog
        open={dialog?.kind === 'create' || dialog?.kind === 'rename'}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'rename' ? 'Rename workflow' : 'New workflow'}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              type="submit"
              form="workflow-name-form"
              loading={create.isPending || rename.isPending}
              disabled={name.trim() === ''}
              data-testid="workflow-name-submit"
            >
              {dialog?.kind === 'rename' ? 'Rename' : 'Create'}
            </Button>
          </>
        }
      >
        <form
          id="workflow-name-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (dialog?.kind === 'rename') {
              try {
                await rename.mutateAsync({ workspaceId: workspace.id, workflowId: dialog.id, name });
                await queryClient.invalidateQueries({ queryKey: listKey });
                setDialog(null);
              } catch (error) {
                toast.error(errorMessage(error));
              }
            } else {
              await createFrom({ name });
            }
          }}
        >
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-zinc-700">Name</span>
            <Input
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={120}
              placeholder="e.g. Warranty claims — laptops"
              data-testid="workflow-name-input"
            />
          </label>
        </form>
      </Dialog>

      <Dialog
        open={dialog?.kind === 'delete'}
        onClose={() => setDialog(null)}
        title={`Delete “${dialog && 'name' in dialog ? dialog.name : ''}”?`}
        description="It disappears from the list and its triggers stop accepting runs. Its versions and past runs are kept for audit."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={async () => {
                if (dialog?.kind !== 'delete') return;
                try {
                  await remove.mutateAsync({ workspaceId: workspace.id, workflowId: dialog.id });
                  await queryClient.invalidateQueries({ queryKey: listKey });
                  toast.success(`Deleted ${dialog.name}`);
                  setDialog(null);
                } catch (error) {
                  toast.error(errorMessage(error));
                }
              }}
            >
              Delete
            </Button>
          </>
        }
      />
    </>
  );
}
