'use client';

import { useQuery } from '@tanstack/react-query';
import { BarChart3 } from 'lucide-react';
import { useState } from 'react';
import { Badge, Button, Card, CardBody, CardHeader, EmptyState, PageHeader, Select, Skeleton } from '@/components/ui';
import { formatDuration } from '@/features/runs/format';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { ConfidenceHistogram, LatencyChart, RunsPerHourChart } from './dashboard-charts';
import { driftLevel, percent } from './drift';

const WINDOWS = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
];

/**
 * The workspace at a glance: throughput by status, step latency percentiles, backlog,
 * how much the models decide alone, how often reviewers overrule them, and whether the
 * models' confidence has drifted from the previous period.
 */
export function DashboardView() {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const [hours, setHours] = useState(24);
  const q = useQuery({
    ...trpc.dashboard.get.queryOptions({ workspaceId: workspace.id, hours }),
    refetchInterval: 30_000,
    placeholderData: (prev) => prev,
  });
  const d = q.data;
  const runsInWindow =
    d?.runsPerHour.reduce((n, h) => n + h.queued + h.running + h.waiting + h.succeeded + h.failed + h.canceled, 0) ?? 0;
  const failedInWindow = d?.runsPerHour.reduce((n, h) => n + h.failed, 0) ?? 0;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Throughput, latency, backlog, automation and model drift. Test runs are left out."
        actions={
          <Select aria-label="Period" value={hours} onChange={(e) => setHours(Number(e.target.value))} className="w-40">
            {WINDOWS.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </Select>
        }
      />
      {q.isPending ? (
        <div className="grid gap-4 md:grid-cols-4" aria-busy="true" aria-label="Loading the dashboard">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-24" />
          ))}
          <Skeleton className="h-72 md:col-span-4" />
        </div>
      ) : q.isError ? (
        <EmptyState
          title="The dashboard could not be loaded"
          description={errorMessage(q.error)}
          action={
            <Button variant="secondary" onClick={() => void q.refetch()}>
              Try again
            </Button>
          }
        />
      ) : d ? (
        <div className="space-y-5" data-testid="dashboard">
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            <Kpi
              label="Runs"
              value={runsInWindow.toLocaleString()}
              hint={failedInWindow ? `${failedInWindow} failed` : 'none failed'}
            />
            <Kpi
              label="Automation rate"
              value={percent(d.automation.automationRate)}
              hint={`${d.automation.automatedRuns} of ${d.automation.finishedRuns} finished runs without a reviewer`}
            />
            <Kpi
              label="Override rate"
              value={percent(d.automation.overrideRate)}
              hint={`${d.automation.overrides} of ${d.automation.decisions} review decisions overruled the model`}
            />
            <Kpi
              label="Backlog"
              value={`${d.backlog.queuedRuns} queued`}
              hint={`${d.backlog.waitingRuns} waiting · ${d.backlog.openTasks} open tasks${d.backlog.overdueTasks ? ` (${d.backlog.overdueTasks} overdue)` : ''}`}
            />
          </div>

          <Card>
            <CardHeader title="Runs per hour" description="By the status each run has now." />
            <CardBody>
              {runsInWindow ? (
                <RunsPerHourChart data={d.runsPerHour} hours={d.window.hours} />
              ) : (
                <EmptyState icon={<BarChart3 />} title="No runs in this period" className="border-0" />
              )}
            </CardBody>
          </Card>

          <div className="grid gap-5 xl:grid-cols-2">
            <Card>
              <CardHeader
                title="Step latency"
                description="Attempt execution time per node type (waits for people excluded)."
              />
              <CardBody>
                {d.latency.length ? (
                  <>
                    <LatencyChart data={d.latency} />
                    <table className="mt-3 w-full text-left text-xs">
                      <thead className="text-zinc-500">
                        <tr>
                          <th className="py-1 font-medium">Node type</th>
                          <th className="py-1 text-right font-medium">Attempts</th>
                          <th className="py-1 text-right font-medium">Failed</th>
                          <th className="py-1 text-right font-medium">p50</th>
                          <th className="py-1 text-right font-medium">p95</th>
                          <th className="py-1 text-right font-medium">p99</th>
                        </tr>
                      </thead>
                      <tbody className="tabular-nums">
                        {d.latency.map((l) => (
                          <tr key={l.nodeType} className="border-t border-zinc-100">
                            <td className="py-1 font-medium text-zinc-800">{l.nodeType}</td>
                            <td className="py-1 text-right">{l.attempts}</td>
                            <td className="py-1 text-right">{l.failed}</td>
                            <td className="py-1 text-right">{formatDuration(l.p50Ms)}</td>
                            <td className="py-1 text-right">{formatDuration(l.p95Ms)}</td>
                            <td className="py-1 text-right">{formatDuration(l.p99Ms)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                ) : (
                  <p className="text-sm text-zinc-500">No step ran in this period.</p>
                )}
              </CardBody>
            </Card>
            <Card>
              <CardHeader
                title="Queues"
                description="Work waiting for the runner and the inference pools, right now."
              />
              <CardBody>
                {d.backlog.queues.length ? (
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs text-zinc-500">
                      <tr>
                        <th className="py-1 font-medium">Queue</th>
                        <th className="py-1 text-right font-medium">Ready</th>
                        <th className="py-1 text-right font-medium">Later</th>
                        <th className="py-1 text-right font-medium">Active</th>
                        <th className="py-1 text-right font-medium">Oldest ready</th>
                      </tr>
                    </thead>
                    <tbody className="tabular-nums">
                      {d.backlog.queues.map((q) => (
                        <tr key={q.queue} className="border-t border-zinc-100">
                          <td className="py-1.5 font-mono text-xs">{q.queue}</td>
                          <td className="py-1.5 text-right">{q.ready}</td>
                          <td className="py-1.5 text-right">{q.deferred}</td>
                          <td className="py-1.5 text-right">{q.active}</td>
                          <td className="py-1.5 text-right">
                            {q.ready ? formatDuration(q.oldestReadySeconds * 1000) : '—'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="text-sm text-zinc-500">The queue has not been created yet: no runner has started.</p>
                )}
                <p className="mt-3 text-xs text-zinc-500">
                  Runs queued behind concurrency limits: {d.backlog.queuedRuns}
                  {d.backlog.queuedRuns
                    ? `, the oldest for ${formatDuration(d.backlog.oldestQueuedSeconds * 1000)}`
                    : ''}
                  .
                </p>
              </CardBody>
            </Card>
          </div>

          <Card>
            <CardHeader
              title="Model confidence and drift"
              description="Distribution of the confidences each model version reported, and its population stability index (PSI) against the previous period of equal length."
            />
            <CardBody>
              {d.confidence.length ? (
                <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                  {d.confidence.map((m) => {
                    const level = driftLevel(m.psi);
                    return (
                      <div
                        key={`${m.model}@${m.version}`}
                        className="rounded-md border border-zinc-200 p-3"
                        data-testid="model-drift"
                      >
                        <div className="flex items-start justify-between gap-2">
                          <div className="min-w-0">
                            <p className="truncate font-mono text-xs font-medium text-zinc-800">
                              {m.model}@{m.version}
                            </p>
                            <p className="text-xs text-zinc-500">
                              {m.count} results · mean {m.mean === null ? '—' : m.mean.toFixed(2)}
                            </p>
                          </div>
                          <div className="text-right">
                            <Badge tone={level.tone}>{level.label}</Badge>
                            <p className="mt-0.5 text-xs text-zinc-600 tabular-nums">
                              PSI {m.psi === null ? '—' : m.psi.toFixed(3)}
                            </p>
                          </div>
                        </div>
                        <ConfidenceHistogram model={m} />
                        <p className="text-[11px] text-zinc-500">
                          Baseline: {m.previousCount} results of {m.model} in the previous period
                        </p>
                      </div>
                    );
                  })}
                </div>
              ) : (
                <p className="text-sm text-zinc-500">No model results in this period.</p>
              )}
            </CardBody>
          </Card>
        </div>
      ) : null}
    </>
  );
}

function Kpi({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card className="p-4">
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-zinc-500">{hint}</p>
    </Card>
  );
}
