'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Ban, ExternalLink, RotateCcw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  Dialog,
  EmptyState,
  PageHeader,
  Select,
  Skeleton,
  StatusBadge,
} from '@/components/ui';
import { useCan, useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, errorReason } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { ACTIVE_RUN_STATUSES, type RunDetail as RunDetailData, type StepView } from '@/server/services/runs/run-views';
import { AuditTrail } from './audit-trail';
import { StepProgress } from './step-progress';
import { formatDateTime, formatDuration, shortId, TRIGGER_LABEL } from './format';
import { StepInspector } from './step-inspector';
import { StepTimeline } from './step-timeline';

/**
 * One run: header with status and progress, the step timeline, the step inspector with
 * the evidence, review tasks, webhook deliveries and the audit trail. While the run is
 * active a cheap poll asks whether anything changed and the page refetches only then.
 */
export function RunDetail({ runId }: { runId: string }) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceId: workspace.id, runId };
  const run = useQuery(trpc.runs.get.queryOptions(input));
  const active = run.data ? ACTIVE_RUN_STATUSES.includes(run.data.run.status) : false;

  const poll = useQuery({
    ...trpc.runs.poll.queryOptions({ ...input, cursor: run.data?.cursor ?? null }),
    enabled: active,
    refetchInterval: 1_500,
  });
  useEffect(() => {
    if (poll.data?.changed) void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey(input) });
  }, [poll.data, queryClient, trpc]);

  if (run.isPending) {
    return (
      <div className="space-y-4" aria-busy="true" aria-label="Loading the run">
        <Skeleton className="h-10 w-1/3" />
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (run.isError) {
    const notFound = errorReason(run.error) === 'run_not_found';
    return (
      <EmptyState
        title={notFound ? 'Run not found' : 'The run could not be loaded'}
        description={notFound ? 'It does not exist in this workspace, or it was deleted.' : errorMessage(run.error)}
        action={
          <Link href={`/w/${workspace.slug}/runs`} className="text-sm font-medium text-accent-700 hover:underline">
            Back to all runs
          </Link>
        }
      />
    );
  }
  return <RunView detail={run.data} live={active} />;
}

function RunView({ detail, live }: { detail: RunDetailData; live: boolean }) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCancel = useCan('run:cancel');
  const canRerun = useCan('run:start');
  const { run } = detail;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [rerunNode, setRerunNode] = useState<string | null>(null);
  const inspectorRef = useRef<HTMLDivElement>(null);

  // Default selection: the failed step, else the one waiting, else the last that ran.
  const selected =
    detail.steps.find((s) => s.id === selectedId) ??
    detail.steps.find((s) => s.status === 'failed') ??
    detail.steps.find((s) => s.status === 'waiting') ??
    [...detail.steps].reverse().find((s) => s.status !== 'pending' && s.status !== 'skipped') ??
    detail.steps[0] ??
    null;
  const titles = useMemo(() => new Map(detail.graph.nodes.map((n) => [n.id, n.title])), [detail.graph.nodes]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });

  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => {
        toast.success('Run canceled');
        setConfirmCancel(false);
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const rerun = useMutation(
    trpc.runs.rerunFromStep.mutationOptions({
      onSuccess: ({ runId }) => {
        toast.success('Re-run started');
        setRerunNode(null);
        router.push(`/w/${workspace.slug}/runs/${runId}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const finished = !live;

  return (
    <div className="space-y-5">
      <PageHeader
        breadcrumbs={[{ label: 'Runs', href: `/w/${workspace.slug}/runs` }, { label: shortId(run.id) }]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {run.workflow.name}
            {run.version.published ? <Badge tone="muted">v{run.version.number}</Badge> : null}
            {run.isTest ? (
              <Badge tone="info">{run.version.published ? 'test run' : 'test run of the draft'}</Badge>
            ) : null}
          </span>
        }
        description={<span className="font-mono text-xs">{run.id}</span>}
        actions={
          <>
            {live ? (
              <span className="inline-flex items-center gap-1.5 text-xs text-emerald-700" data-testid="live-indicator">
                <span aria-hidden className="size-2 animate-pulse rounded-full bg-emerald-500" /> Live
              </span>
            ) : null}
            {live && canCancel ? (
              <Button variant="danger" onClick={() => setConfirmCancel(true)}>
                <Ban aria-hidden /> Cancel run
              </Button>
            ) : null}
            {finished && canRerun ? (
              <Button
                variant="secondary"
                onClick={() => setRerunNode(selected?.nodeId ?? detail.graph.nodes[0]?.id ?? null)}
              >
                <RotateCcw aria-hidden /> Re-run from a step
              </Button>
            ) : null}
          </>
        }
      />

      <Card>
        <CardBody className="space-y-3">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
            <StatusBadge status={run.status} className="text-sm" />
            <Meta label="Trigger">{TRIGGER_LABEL[run.triggerKind] ?? run.triggerKind}</Meta>
            <Meta label="Created">{formatDateTime(run.createdAt)}</Meta>
            <Meta label={live ? 'Running for' : 'Duration'}>
              {run.startedAt ? formatDuration(run.durationMs) : 'not started'}
            </Meta>
            {run.correlationKey ? <Meta label="Claim">{run.correlationKey}</Meta> : null}
            {run.createdBy ? <Meta label="Started by">{run.createdBy.name}</Meta> : null}
            {run.rerunOfId ? (
              <Meta label="Re-run of">
                <Link
                  className="font-mono text-accent-700 hover:underline"
                  href={`/w/${workspace.slug}/runs/${run.rerunOfId}`}
                >
                  {shortId(run.rerunOfId)}
                </Link>
                {run.rerunFromNodeId ? ` from ${titles.get(run.rerunFromNodeId) ?? run.rerunFromNodeId}` : ''}
              </Meta>
            ) : null}
          </div>
          <div className="flex items-center gap-3">
            <StepProgress status={run.status} steps={run.steps} className="h-2 flex-1" />
            <span className="text-xs text-zinc-600 tabular-nums">
              {run.steps.done} of {run.steps.total} steps
              {run.steps.waiting ? ` · ${run.steps.waiting} waiting` : ''}
              {run.steps.running ? ` · ${run.steps.running} running` : ''}
            </span>
          </div>
          {run.error ? (
            <div
              role="alert"
              className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
            >
              <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
              <span>
                <span className="font-medium">The run failed: </span>
                {run.error.message}
                {run.error.code ? <span className="ml-1 font-mono text-xs">({run.error.code})</span> : null}
              </span>
            </div>
          ) : null}
          {run.reruns.length ? (
            <p className="text-xs text-zinc-600">
              Re-run as{' '}
              {run.reruns.map((r, i) => (
                <span key={r.id}>
                  {i ? ', ' : ''}
                  <Link
                    className="font-mono text-accent-700 hover:underline"
                    href={`/w/${workspace.slug}/runs/${r.id}`}
                  >
                    {shortId(r.id)}
                  </Link>{' '}
                  ({r.status})
                </span>
              ))}
            </p>
          ) : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Timeline" description="Each step's attempts, retries and waits, from the run's start." />
        <CardBody>
          <StepTimeline
            detail={detail}
            selectedStepId={selected?.id ?? null}
            onSelect={(s) => {
              setSelectedId(s.id);
              inspectorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
          />
        </CardBody>
      </Card>

      <div ref={inspectorRef} className="scroll-mt-4">
        <Card>
          <CardBody>
            {selected ? (
              <StepInspector
                key={selected.id}
                step={selected}
                detail={detail}
                canRerun={finished && canRerun}
                onRerun={(s: StepView) => setRerunNode(s.nodeId)}
              />
            ) : (
              <p className="text-sm text-zinc-500">This run has no steps.</p>
            )}
          </CardBody>
        </Card>
      </div>

      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader title="Review tasks" description="Cases this run sent to people." />
          <CardBody>
            {detail.tasks.length ? (
              <ul className="divide-y divide-zinc-100">
                {detail.tasks.map((t) => (
                  <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="min-w-0">
                      <Link
                        href={`/w/${workspace.slug}/inbox/${t.id}`}
                        className="font-medium text-accent-700 hover:underline"
                      >
                        {t.title}
                      </Link>
                      <span className="ml-2 text-xs text-zinc-500">
                        {titles.get(t.nodeId) ?? t.nodeId}
                        {t.assigneeName ? ` · ${t.assigneeName}` : ''}
                        {t.dueAt && !t.decision ? ` · due ${formatDateTime(t.dueAt)}` : ''}
                      </span>
                      {t.decision ? (
                        <span className="mt-0.5 block text-xs text-zinc-600">
                          {t.decision.decidedBy} chose <strong>{t.decision.action.replace('_', ' ')}</strong>
                          {t.decision.reasonCode ? ` (${t.decision.reasonCode})` : ''} ·{' '}
                          {formatDateTime(t.decision.decidedAt)}
                          {t.decision.override ? (
                            <Badge tone="warning" className="ml-2">
                              overrode the model
                            </Badge>
                          ) : null}
                        </span>
                      ) : null}
                    </span>
                    <StatusBadge status={t.status} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-500">No human review in this run: the models and rules decided.</p>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Webhook deliveries" description="Calls this run made to other systems." />
          <CardBody>
            {detail.deliveries.length ? (
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-zinc-500">
                  <tr>
                    <th className="py-1 font-medium">When</th>
                    <th className="py-1 font-medium">To</th>
                    <th className="py-1 font-medium">Try</th>
                    <th className="py-1 font-medium">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.deliveries.map((d) => (
                    <tr key={d.id} className="border-t border-zinc-100 align-top">
                      <td className="py-1.5 pr-2 text-xs whitespace-nowrap text-zinc-600">
                        {formatDateTime(d.createdAt)}
                      </td>
                      <td className="max-w-60 py-1.5 pr-2">
                        <span className="block truncate font-mono text-xs" title={d.url}>
                          {d.url}
                        </span>
                        <span className="text-xs text-zinc-500">{d.purpose.replace('_', ' ')}</span>
                      </td>
                      <td className="py-1.5 pr-2 tabular-nums">{d.attempt}</td>
                      <td className="py-1.5 text-xs">
                        <Badge
                          tone={
                            d.status === 'delivered' || (d.responseStatus ?? 0) / 100 === 2
                              ? 'success'
                              : d.error
                                ? 'danger'
                                : 'neutral'
                          }
                        >
                          {d.responseStatus ? `HTTP ${d.responseStatus}` : d.status}
                        </Badge>
                        {d.durationMs !== null ? <span className="ml-1 text-zinc-500">{d.durationMs} ms</span> : null}
                        {d.error ? <span className="mt-0.5 block text-red-700">{d.error}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-sm text-zinc-500">No webhooks were sent by this run.</p>
            )}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Audit trail"
          description="Append-only and hash-chained: every transition, decision and model version."
        />
        <CardBody>
          <AuditTrail audit={detail.audit} titles={titles} />
        </CardBody>
      </Card>

      <Dialog
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        title="Cancel this run?"
        description="Pending and waiting steps stop, open review tasks close, and running steps are aborted. This cannot be undone; you can re-run it afterwards."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmCancel(false)}>
              Keep running
            </Button>
            <Button
              variant="danger"
              loading={cancel.isPending}
              onClick={() => cancel.mutate({ workspaceId: workspace.id, runId: run.id })}
            >
              Cancel run
            </Button>
          </>
        }
      />
      <Dialog
        open={rerunNode !== null}
        onClose={() => setRerunNode(null)}
        title="Re-run from a step"
        description="A new run on the same version. Steps before the one you choose keep their outputs; it and everything after it run again."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRerunNode(null)}>
              Close
            </Button>
            <Button
              loading={rerun.isPending}
              disabled={!rerunNode}
              onClick={() => rerunNode && rerun.mutate({ workspaceId: workspace.id, runId: run.id, nodeId: rerunNode })}
            >
              <RotateCcw aria-hidden /> Start re-run
            </Button>
          </>
        }
      >
        <label htmlFor="rerun-node" className="mb-1 block text-xs font-medium text-zinc-600">
          Start from
        </label>
        <Select id="rerun-node" value={rerunNode ?? ''} onChange={(e) => setRerunNode(e.target.value)}>
          {detail.graph.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.title} ({n.type})
            </option>
          ))}
        </Select>
      </Dialog>
      <p className="text-right text-xs text-zinc-400">
        <Link
          href={`/w/${workspace.slug}/runs?workflow=${run.workflow.id}`}
          className="inline-flex items-center gap-1 hover:text-zinc-600"
        >
          Other runs of {run.workflow.name} <ExternalLink aria-hidden className="size-3" />
        </Link>
      </p>
    </div>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <span className="flex items-baseline gap-1.5">
      <span className="text-xs text-zinc-500">{label}</span>
      <span className="text-zinc-800">{children}</span>
    </span>
  );
}
