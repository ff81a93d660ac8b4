'use client';

import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Activity, FilterX, Search } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Card, EmptyState, Input, PageHeader, Select, Skeleton, StatusBadge } from '@/components/ui';
import { useWorkspace } from '@/features/shell/workspace-context';
import { cn } from '@/lib/cn';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { RUN_STATUSES, TRIGGER_KINDS, type RunListItem, type RunStatus } from '@/server/services/runs/run-views';
import { formatDateTime, formatDuration, formatRelative, shortId, TRIGGER_LABEL } from './format';
import { StepProgress } from './step-progress';
import {
  EMPTY_FILTERS,
  isFiltered,
  parseRunFilters,
  serializeRunFilters,
  toApiFilters,
  type RunListFilters,
  type TimeRange,
} from './run-filters';

const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
};

const RANGE_LABEL: Record<TimeRange, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'Any time',
};

/**
 * The runs list: filters in the URL, newest first, older pages on demand, and live while
 * any run is active (a cheap poll says when something changed; only then is the list
 * refetched).
 */
export function RunsList() {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => parseRunFilters(new URLSearchParams(params.toString())), [params]);
  // The time range is anchored when the filters change, so "older" pages stay put.
  const anchor = useMemo(() => Date.now(), [filters]);
  const apiFilters = useMemo(() => toApiFilters(filters, anchor), [filters, anchor]);

  const setFilters = (next: RunListFilters) => {
    const query = serializeRunFilters(next);
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const facets = useQuery(trpc.runs.facets.queryOptions({ workspaceId: workspace.id }));
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { workspaceId: workspace.id, filters: apiFilters, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const anyActive = items.some((r) => r.status === 'queued' || r.status === 'running' || r.status === 'waiting');

  // Live: poll the cheap cursor; refetch the list only when it moved.
  const cursor = useRef<string | null>(null);
  const poll = useQuery({
    ...trpc.runs.pollList.queryOptions({ workspaceId: workspace.id }),
    refetchInterval: anyActive ? 2_000 : 10_000,
    refetchIntervalInBackground: false,
  });
  useEffect(() => {
    const next = poll.data?.cursor;
    if (!next) return;
    if (cursor.current !== null && cursor.current !== next) {
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.facets.pathKey() });
    }
    cursor.current = next;
  }, [poll.data?.cursor, queryClient, trpc]);

  const workflow = facets.data?.workflows.find((w) => w.id === filters.workflowId);
  const live = (poll.data?.activeRuns ?? 0) > 0;

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of your workflows: what came in, what each step did and decided, and how long it took."
        actions={
          <span
            className={cn('inline-flex items-center gap-1.5 text-xs', live ? 'text-emerald-700' : 'text-zinc-500')}
            data-testid="live-indicator"
          >
            <span
              aria-hidden
              className={cn('size-2 rounded-full', live ? 'animate-pulse bg-emerald-500' : 'bg-zinc-300')}
            />
            {live ? `Live · ${poll.data?.activeRuns} active` : 'No active runs'}
          </span>
        }
      />

      <Card className="mb-4 p-3">
        <form
          className="flex flex-wrap items-end gap-3"
          role="search"
          aria-label="Filter runs"
          onSubmit={(e) => e.preventDefault()}
        >
          <FilterField label="Workflow" htmlFor="f-workflow">
            <Select
              id="f-workflow"
              value={filters.workflowId ?? ''}
              onChange={(e) => setFilters({ ...filters, workflowId: e.target.value || null, versionId: null })}
              className="w-48"
            >
              <option value="">All workflows</option>
              {facets.data?.workflows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                  {w.deleted ? ' (deleted)' : ''}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField label="Version" htmlFor="f-version">
            <Select
              id="f-version"
              value={filters.versionId ?? ''}
              disabled={!workflow}
              onChange={(e) => setFilters({ ...filters, versionId: e.target.value || null })}
              className="w-32"
            >
              <option value="">{workflow ? 'All versions' : '—'}</option>
              {workflow?.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.published ? `v${v.number}` : `draft snapshot ${v.number}`}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField label="Trigger" htmlFor="f-trigger">
            <Select
              id="f-trigger"
              value={filters.triggerKinds[0] ?? ''}
              onChange={(e) =>
                setFilters({
                  ...filters,
                  triggerKinds: e.target.value ? [e.target.value as (typeof TRIGGER_KINDS)[number]] : [],
                })
              }
              className="w-32"
            >
              <option value="">Any trigger</option>
              {TRIGGER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {TRIGGER_LABEL[k]}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField label="Kind" htmlFor="f-kind">
            <Select
              id="f-kind"
              value={filters.kind}
              onChange={(e) => setFilters({ ...filters, kind: e.target.value as RunListFilters['kind'] })}
              className="w-36"
            >
              <option value="all">Real and test</option>
              <option value="real">Real runs only</option>
              <option value="test">Test runs only</option>
            </Select>
          </FilterField>
          <FilterField label="Created" htmlFor="f-range">
            <Select
              id="f-range"
              value={filters.range}
              onChange={(e) => setFilters({ ...filters, range: e.target.value as TimeRange })}
              className="w-36"
            >
              {(Object.keys(RANGE_LABEL) as TimeRange[]).map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABEL[r]}
                </option>
              ))}
            </Select>
          </FilterField>
          <SearchBox value={filters.search} onChange={(search) => setFilters({ ...filters, search })} />
          <fieldset className="flex w-full flex-wrap items-center gap-1.5">
            <legend className="sr-only">Status</legend>
            <span className="mr-1 text-xs font-medium text-zinc-500">Status</span>
            {RUN_STATUSES.map((s) => {
              const on = filters.statuses.includes(s);
              return (
                <button
                  key={s}
                  type="button"
                  aria-pressed={on}
                  onClick={() =>
                    setFilters({
                      ...filters,
                      statuses: on ? filters.statuses.filter((x) => x !== s) : [...filters.statuses, s],
                    })
                  }
                  className={cn(
                    'rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors',
                    on
                      ? 'border-accent-600 bg-accent-50 text-accent-800'
                      : 'border-zinc-300 bg-white text-zinc-600 hover:border-zinc-400',
                  )}
                >
                  {STATUS_LABEL[s]}
                </button>
              );
            })}
            {isFiltered(filters) ? (
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="ml-auto"
                onClick={() => setFilters(EMPTY_FILTERS)}
              >
                <FilterX aria-hidden /> Clear filters
              </Button>
            ) : null}
          </fieldset>
        </form>
      </Card>

      {runs.isPending ? (
        <Card className="space-y-2 p-4" aria-busy="true" aria-label="Loading runs">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </Card>
      ) : runs.isError ? (
        <EmptyState
          title="The runs could not be loaded"
          description={errorMessage(runs.error)}
          action={
            <Button variant="secondary" onClick={() => void runs.refetch()}>
              Try again
            </Button>
          }
        />
      ) : items.length === 0 ? (
        isFiltered(filters) ? (
          <EmptyState
            icon={<FilterX />}
            title="No runs match these filters"
            description="Widen the time range or clear a filter."
            action={
              <Button variant="secondary" onClick={() => setFilters(EMPTY_FILTERS)}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<Activity />}
            title="No runs yet"
            description="Runs appear here as soon as a webhook, the API or a test run in the editor starts one."
            action={
              <Link
                href={`/w/${workspace.slug}/workflows`}
                className="text-sm font-medium text-accent-700 hover:underline"
              >
                Open your workflows
              </Link>
            }
          />
        )
      ) : (
        <Card className="overflow-hidden">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="runs-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Run
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Workflow
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Trigger
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Created
                  </th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">
                    Duration
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Steps
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((run) => (
                  <RunRow key={run.id} run={run} slug={workspace.slug} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="flex items-center justify-between border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">
            <span>
              {items.length} run{items.length === 1 ? '' : 's'} shown
            </span>
            {runs.hasNextPage ? (
              <Button
                variant="secondary"
                size="sm"
                loading={runs.isFetchingNextPage}
                onClick={() => void runs.fetchNextPage()}
              >
                Load older runs
              </Button>
            ) : (
              <span>That is all of them</span>
            )}
          </div>
        </Card>
      )}
    </>
  );
}

function RunRow({ run, slug }: { run: RunListItem; slug: string }) {
  const href = `/w/${slug}/runs/${run.id}`;
  return (
    <tr
      className="group border-b border-zinc-100 last:border-0 hover:bg-zinc-50"
      data-testid="run-row"
      data-status={run.status}
    >
      <td className="px-4 py-2.5">
        <StatusBadge status={run.status} />
      </td>
      <td className="px-4 py-2.5">
        <Link
          href={href}
          className="font-mono text-xs font-medium text-accent-700 hover:underline"
          aria-label={`Run ${run.id}`}
        >
          {shortId(run.id)}
        </Link>
        {run.correlationKey ? <div className="text-xs text-zinc-500">{run.correlationKey}</div> : null}
      </td>
      <td className="max-w-64 px-4 py-2.5">
        <div className="flex items-center gap-1.5">
          <span className="truncate font-medium text-zinc-800" title={run.workflow.name}>
            {run.workflow.name}
          </span>
          {run.version.published ? <Badge tone="muted">v{run.version.number}</Badge> : null}
          {run.isTest ? <Badge tone="info">{run.version.published ? 'test' : 'draft test'}</Badge> : null}
          {run.rerunOfId ? <Badge tone="neutral">re-run</Badge> : null}
        </div>
        {run.errorMessage ? (
          <div className="truncate text-xs text-red-700" title={run.errorMessage}>
            {run.errorMessage}
          </div>
        ) : null}
      </td>
      <td className="px-4 py-2.5 text-zinc-600">{TRIGGER_LABEL[run.triggerKind] ?? run.triggerKind}</td>
      <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600" title={formatDateTime(run.createdAt)}>
        {formatRelative(run.createdAt)}
      </td>
      <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums text-zinc-700">
        {run.startedAt ? formatDuration(run.durationMs) : <span className="text-zinc-400">not started</span>}
      </td>
      <td className="px-4 py-2.5">
        <div className="flex items-center gap-2">
          <StepProgress status={run.status} steps={run.steps} className="h-1.5 w-20" />
          <span className="text-xs tabular-nums text-zinc-500">
            {run.steps.done}/{run.steps.total}
          </span>
          {run.openTasks ? <Badge tone="warning">{run.openTasks} in review</Badge> : null}
        </div>
      </td>
    </tr>
  );
}

function FilterField({ label, htmlFor, children }: { label: string; htmlFor: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-zinc-500">
        {label}
      </label>
      {children}
    </div>
  );
}

/** Search applies after a pause in typing (or Enter), not on every key. */
function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 400);
    return () => clearTimeout(t);
  }, [text]);
  return (
    <div className="flex min-w-56 flex-1 flex-col gap-1">
      <label htmlFor="f-search" className="text-xs font-medium text-zinc-500">
        Search
      </label>
      <div className="relative">
        <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400" />
        <Input
          id="f-search"
          type="search"
          placeholder="Run id or claim number"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && onChange(text)}
          className="pl-8"
        />
      </div>
    </div>
  );
}
