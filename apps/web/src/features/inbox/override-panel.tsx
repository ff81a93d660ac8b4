'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, CardBody, CardHeader, Skeleton } from '@/components/ui';
import { useWorkspace } from '@/features/shell/workspace-context';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';

/**
 * How often reviewers overrode the models in the last 30 days, per review node and model
 * version: a rising rate on one version is the first sign of drift.
 */
export function OverridePanel({ className }: { className?: string }) {
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const stats = useQuery(trpc.inbox.overrideStats.queryOptions({ workspaceId: workspace.id, days: 30 }));
  const rows = stats.data ?? [];
  return (
    <Card className={cn('h-fit', className)}>
      <CardHeader title="Override rate" description="Reviewer vs model, last 30 days" />
      <CardBody className="space-y-3" data-testid="override-panel">
        {stats.isLoading ? (
          <Skeleton className="h-20" />
        ) : rows.length === 0 ? (
          <p className="text-xs text-zinc-500">No decisions yet. Each decision records whether the reviewer agreed.</p>
        ) : (
          rows.slice(0, 8).map((r) => (
            <div key={`${r.nodeId}:${r.model}`} className="space-y-1">
              <div className="flex items-baseline justify-between gap-2 text-xs">
                <span className="min-w-0 truncate text-zinc-700" title={`${r.workflowName} · ${r.nodeId}`}>
                  <span className="font-medium">{r.nodeId}</span> · {r.model ?? 'no model'}
                </span>
                <span className={cn('font-semibold tabular-nums', r.rate > 0.3 ? 'text-red-600' : 'text-zinc-900')}>
                  {Math.round(r.rate * 100)}%
                </span>
              </div>
              <div className="h-1.5 overflow-hidden rounded-full bg-zinc-100">
                <div
                  className={cn('h-full rounded-full', r.rate > 0.3 ? 'bg-red-500' : 'bg-accent-500')}
                  style={{ width: `${Math.max(2, r.rate * 100)}%` }}
                />
              </div>
              <p className="text-[11px] text-zinc-500">
                {r.overrides} of {r.decisions} decisions overrode the model
              </p>
            </div>
          ))
        )}
      </CardBody>
    </Card>
  );
}
