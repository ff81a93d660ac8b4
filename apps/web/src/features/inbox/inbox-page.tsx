'use client';

import { useQuery, useMutation, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { AlertTriangle, Download, Inbox as InboxIcon, Keyboard, Radio, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import {
  Badge,
  Button,
  buttonClasses,
  DropdownMenu,
  EmptyState,
  Input,
  Kbd,
  PageHeader,
  Select,
  Skeleton,
} from '@/components/ui';
import { formatScore } from '@/features/evidence';
import { useCan, useWorkspace } from '@/features/shell/workspace-context';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';
import { formatAge, formatDue, humanize, priorityName } from './format';
import { inboxQueryString, parseInboxQuery, type InboxQuery, type InboxViewName } from './inbox-query';
import { EvidenceWaitsPanel } from './evidence-waits-panel';
import { OverridePanel } from './override-panel';
import { ShortcutsHelp } from './shortcuts-help';
import { useHotkeys } from './use-hotkeys';
import { useInboxLive } from './use-inbox-live';

const VIEWS: { id: InboxViewName; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'groups', label: 'My groups' },
  { id: 'all', label: 'All' },
  { id: 'overdue', label: 'Overdue' },
];

const AGES = [
  { id: '', label: 'Any age' },
  { id: 'lt1', label: 'Under 1 hour', filters: { maxAgeHours: 1 } },
  { id: 'lt24', label: 'Under 1 day', filters: { maxAgeHours: 24 } },
  { id: 'gt24', label: 'Over 1 day', filters: { minAgeHours: 24 } },
  { id: 'gt72', label: 'Over 3 days', filters: { minAgeHours: 72 } },
] as const;

/**
 * The review inbox: four views with live counts, filters and sort in the address, a list
 * worked with j/k and Enter, claims at a keystroke, and the override-rate panel.
 */
export function InboxPage() {
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const canDecide = useCan('task:decide');
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = useMemo(() => parseInboxQuery(new URLSearchParams(params.toString())), [params]);
  const live = useInboxLive(workspace.slug);
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);

  const setQuery = (next: Partial<InboxQuery>) => {
    const q = { ...query, ...next, filters: next.filters ?? query.filters };
    router.replace(`${pathname}${inboxQueryString(q)}`, { scroll: false });
    setSelected(0);
  };

  const list = useQuery({
    ...trpc.inbox.list.queryOptions({
      workspaceId: workspace.id,
      view: query.view,
      sort: query.sort,
      filters: query.filters,
      limit: 100,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const counts = useQuery({
    ...trpc.inbox.counts.queryOptions({ workspaceId: workspace.id, filters: query.filters }),
    refetchInterval: 30_000,
  });
  // Filter choices come from everything open, whatever the current filters.
  const everything = useQuery(trpc.inbox.list.queryOptions({ workspaceId: workspace.id, view: 'all', limit: 200 }));
  const workflowList = useQuery(trpc.workflows.list.queryOptions({ workspaceId: workspace.id }));
  const options = useMemo(() => {
    const workflows = new Map<string, string>();
    for (const w of workflowList.data ?? []) workflows.set(w.id, w.name);
    const nodes = new Set<string>();
    const labels = new Set<string>();
    for (const t of everything.data?.items ?? []) {
      workflows.set(t.workflow.id, t.workflow.name);
      nodes.add(t.nodeId);
      t.labels.forEach((l) => labels.add(l));
    }
    // A filter in the address stays visible even when nothing open carries it any more.
    if (query.filters.nodeId) nodes.add(query.filters.nodeId);
    if (query.filters.label) labels.add(query.filters.label);
    if (query.filters.workflowId && !workflows.has(query.filters.workflowId))
      workflows.set(query.filters.workflowId, 'Selected workflow');
    return { workflows: [...workflows], nodes: [...nodes].sort(), labels: [...labels].sort() };
  }, [everything.data, workflowList.data, query.filters]);

  const claim = useMutation(
    trpc.inbox.claim.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
      onError: (e) => toast.error(e.message),
    }),
  );

  const items = list.data?.items ?? [];
  useEffect(() => {
    if (selected >= items.length && items.length) setSelected(items.length - 1);
  }, [items.length, selected]);
  const taskHref = (id: string) => `/w/${workspace.slug}/inbox/${id}${inboxQueryString(query)}`;

  useHotkeys({
    j: () => setSelected((s) => Math.min(items.length - 1, s + 1)),
    ArrowDown: () => setSelected((s) => Math.min(items.length - 1, s + 1)),
    k: () => setSelected((s) => Math.max(0, s - 1)),
    ArrowUp: () => setSelected((s) => Math.max(0, s - 1)),
    Enter: () => items[selected] && router.push(taskHref(items[selected].id)),
    o: () => items[selected] && router.push(taskHref(items[selected].id)),
    c: () => canDecide && items[selected] && claim.mutate({ workspaceId: workspace.id, taskId: items[selected].id }),
    '1': () => setQuery({ view: 'mine' }),
    '2': () => setQuery({ view: 'groups' }),
    '3': () => setQuery({ view: 'all' }),
    '4': () => setQuery({ view: 'overdue' }),
    '?': () => setHelp(true),
  });

  useEffect(() => {
    document.querySelector(`[data-row-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const ageId =
    AGES.find(
      (a) =>
        'filters' in a &&
        Object.entries(a.filters).every(([k, v]) => query.filters[k as keyof typeof query.filters] === v),
    )?.id ?? '';
  const filtered = Object.keys(query.filters).length > 0;

  const exportData = async (format: 'coco' | 'jsonl', disagreement: 'any' | 'only') => {
    try {
      const file = await queryClient.fetchQuery(
        trpc.inbox.exportDataset.queryOptions({
          workspaceId: workspace.id,
          format,
          disagreement,
          ...(query.filters.workflowId ? { workflowId: query.filters.workflowId } : {}),
        }),
      );
      const url = URL.createObjectURL(new Blob([file.body], { type: file.contentType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      URL.revokeObjectURL(url);
      toast.success(`Exported ${file.count} ${format === 'coco' ? 'corrected images' : 'labels'}`);
    } catch (e) {
      toast.error((e as Error).message);
    }
  };

  return (
    <div className="space-y-5">
      <PageHeader
        title="Inbox"
        description="Cases the models were unsure of, with their evidence. Work them with the keyboard."
        actions={
          <div className="flex items-center gap-2">
            <span
              className={cn('flex items-center gap-1 text-xs', live ? 'text-emerald-600' : 'text-zinc-400')}
              title={live ? 'Updates arrive as they happen' : 'Reconnecting; refreshing every 30 s'}
              data-testid="inbox-live"
            >
              <Radio className="size-3.5" aria-hidden /> {live ? 'Live' : 'Offline'}
            </span>
            <Button variant="ghost" size="sm" onClick={() => setHelp(true)}>
              <Keyboard /> Shortcuts <Kbd>?</Kbd>
            </Button>
            <DropdownMenu
              align="end"
              triggerClassName={buttonClasses({ variant: 'secondary', size: 'sm' })}
              trigger={
                <>
                  <Download /> Export dataset
                </>
              }
              items={[
                { label: 'Boxes — COCO JSON', onSelect: () => void exportData('coco', 'any') },
                { label: 'Labels and OCR — JSONL', onSelect: () => void exportData('jsonl', 'any') },
                { label: 'Only disagreements — JSONL', onSelect: () => void exportData('jsonl', 'only') },
              ]}
            />
          </div>
        }
      />

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3 border-b border-zinc-200">
            <nav className="-mb-px flex gap-1" aria-label="Inbox views">
              {VIEWS.map((v, i) => {
                const active = v.id === query.view;
                const n = counts.data?.[v.id];
                return (
                  <button
                    key={v.id}
                    type="button"
                    onClick={() => setQuery({ view: v.id })}
                    data-testid={`view-${v.id}`}
                    aria-current={active ? 'page' : undefined}
                    title={`${v.label} (${i + 1})`}
                    className={cn(
                      'flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors',
                      active
                        ? 'border-accent-600 text-accent-700'
                        : 'border-transparent text-zinc-500 hover:text-zinc-800',
                    )}
                  >
                    {v.label}
                    <span
                      data-testid={`count-${v.id}`}
                      className={cn(
                        'min-w-6 rounded-full px-1.5 text-center text-xs tabular-nums',
                        v.id === 'overdue' && n
                          ? 'bg-red-100 text-red-700'
                          : active
                            ? 'bg-accent-100 text-accent-700'
                            : 'bg-zinc-100 text-zinc-600',
                      )}
                    >
                      {n ?? '–'}
                    </span>
                  </button>
                );
              })}
            </nav>
            <label className="mb-1.5 flex items-center gap-2 text-xs text-zinc-500">
              Sort
              <div className="w-36">
                <Select
                  className="h-8"
                  value={query.sort}
                  onChange={(e) => setQuery({ sort: e.target.value as InboxQuery['sort'] })}
                  aria-label="Sort"
                >
                  <option value="priority">Priority</option>
                  <option value="due">Due soonest</option>
                </Select>
              </div>
            </label>
          </div>

          <div className="flex flex-wrap items-center gap-2" aria-label="Filters">
            <FilterSelect
              width="w-48"
              label="Workflow"
              allLabel="All workflows"
              value={query.filters.workflowId}
              options={options.workflows}
              onChange={(workflowId) => setQuery({ filters: { ...query.filters, workflowId } })}
            />
            <FilterSelect
              width="w-36"
              label="Node"
              allLabel="All nodes"
              value={query.filters.nodeId}
              options={options.nodes.map((n) => [n, n] as const)}
              onChange={(nodeId) => setQuery({ filters: { ...query.filters, nodeId } })}
            />
            <FilterSelect
              width="w-36"
              label="Label"
              allLabel="All labels"
              value={query.filters.label}
              options={options.labels.map((l) => [l, l] as const)}
              onChange={(label) => setQuery({ filters: { ...query.filters, label } })}
            />
            <span className="flex items-center gap-1 text-xs text-zinc-500">
              Score
              <div className="w-16">
                <Input
                  className="h-8 px-2"
                  aria-label="Minimum score"
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  placeholder="0"
                  value={query.filters.scoreMin ?? ''}
                  onChange={(e) =>
                    setQuery({
                      filters: {
                        ...query.filters,
                        scoreMin: e.target.value === '' ? undefined : Number(e.target.value),
                      },
                    })
                  }
                />
              </div>
              –
              <div className="w-16">
                <Input
                  className="h-8 px-2"
                  aria-label="Maximum score"
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  placeholder="1"
                  value={query.filters.scoreMax ?? ''}
                  onChange={(e) =>
                    setQuery({
                      filters: {
                        ...query.filters,
                        scoreMax: e.target.value === '' ? undefined : Number(e.target.value),
                      },
                    })
                  }
                />
              </div>
            </span>
            <div className="w-36">
              <Select
                className="h-8"
                aria-label="Age"
                value={ageId}
                onChange={(e) => {
                  const age = AGES.find((a) => a.id === e.target.value);
                  const { minAgeHours: _a, maxAgeHours: _b, ...rest } = query.filters;
                  setQuery({ filters: { ...rest, ...(age && 'filters' in age ? age.filters : {}) } });
                }}
              >
                {AGES.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </Select>
            </div>
            {filtered ? (
              <Button variant="ghost" size="sm" onClick={() => setQuery({ filters: {} })}>
                <X /> Clear filters
              </Button>
            ) : null}
          </div>

          {list.isLoading ? (
            <div className="space-y-2">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-16" />
              ))}
            </div>
          ) : list.error ? (
            <EmptyState
              icon={<AlertTriangle />}
              title="The inbox could not be loaded"
              description={list.error.message}
            />
          ) : items.length === 0 ? (
            <EmptyState
              icon={<InboxIcon />}
              title={query.view === 'overdue' ? 'Nothing overdue' : 'Inbox zero'}
              description={
                filtered
                  ? 'No open task matches these filters.'
                  : 'New cases appear here the moment a run needs a person.'
              }
            />
          ) : (
            <ul
              className="divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white"
              data-testid="task-list"
            >
              {items.map((t, i) => {
                const due = formatDue(t.dueAt);
                const active = i === selected;
                return (
                  <li key={t.id} data-row-index={i} data-testid="task-row" data-task-id={t.id} aria-selected={active}>
                    <Link
                      href={taskHref(t.id)}
                      onMouseEnter={() => setSelected(i)}
                      className={cn(
                        'grid grid-cols-[4px_minmax(0,1fr)_auto] items-center gap-4 py-3 pr-4 transition-colors',
                        active ? 'bg-accent-50/70' : 'hover:bg-zinc-50',
                      )}
                    >
                      <span
                        className={cn('h-full min-h-10 w-1 rounded-r', active ? 'bg-accent-600' : 'bg-transparent')}
                      />
                      <div className="min-w-0 space-y-1">
                        <div className="flex flex-wrap items-center gap-2">
                          <span className="truncate font-medium text-zinc-900">{t.title}</span>
                          {t.correlationKey ? (
                            <span className="font-mono text-xs text-zinc-500">{t.correlationKey}</span>
                          ) : null}
                          {t.priority > 0 ? (
                            <Badge tone={t.priority > 1 ? 'danger' : 'warning'}>{priorityName(t.priority)}</Badge>
                          ) : null}
                          {t.escalationLevel > 0 ? <Badge tone="danger">escalated</Badge> : null}
                          {t.round > 0 ? <Badge tone="info">new evidence · round {t.round}</Badge> : null}
                        </div>
                        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
                          <span>
                            {t.workflow.name} · {t.nodeId}
                          </span>
                          {t.labels.slice(0, 4).map((l) => (
                            <Badge key={l} tone="muted">
                              {l}
                            </Badge>
                          ))}
                          {t.score !== null ? <span className="tabular-nums">score {formatScore(t.score)}</span> : null}
                          <span>{formatAge(t.createdAt)}</span>
                        </div>
                      </div>
                      <div className="flex flex-col items-end gap-1 text-xs">
                        <span
                          className={cn(
                            'font-medium tabular-nums',
                            due.overdue ? 'text-red-600' : due.soon ? 'text-amber-600' : 'text-zinc-600',
                          )}
                        >
                          {due.text}
                        </span>
                        <span className="text-zinc-500">
                          {t.claimedBy ? (
                            <span className="text-accent-700">● {t.claimedBy.name ?? t.claimedBy.email}</span>
                          ) : t.assignee ? (
                            <>→ {t.assignee.name ?? t.assignee.email}</>
                          ) : t.group ? (
                            humanize(t.group.name)
                          ) : (
                            'unassigned'
                          )}
                        </span>
                      </div>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
          {list.data && list.data.total > items.length ? (
            <p className="text-xs text-zinc-500">
              Showing the first {items.length} of {list.data.total}; narrow with filters.
            </p>
          ) : null}
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
            <span>
              <Kbd>j</Kbd> <Kbd>k</Kbd> move
            </span>
            <span>
              <Kbd>Enter</Kbd> open
            </span>
            {canDecide ? (
              <span>
                <Kbd>c</Kbd> claim
              </span>
            ) : null}
            <span>
              <Kbd>1</Kbd>–<Kbd>4</Kbd> views
            </span>
            <span>
              <Kbd>?</Kbd> all shortcuts
            </span>
          </p>
        </div>
        <div className="space-y-5">
          <OverridePanel />
          <EvidenceWaitsPanel />
        </div>
      </div>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}

/** One filter of the inbox list: "All …" clears it. */
function FilterSelect(p: {
  width: string;
  label: string;
  allLabel: string;
  value: string | undefined;
  options: readonly (readonly [value: string, name: string])[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className={p.width}>
      <Select
        className="h-8"
        aria-label={p.label}
        value={p.value ?? ''}
        onChange={(e) => p.onChange(e.target.value || undefined)}
      >
        <option value="">{p.allLabel}</option>
        {p.options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </Select>
    </div>
  );
}
