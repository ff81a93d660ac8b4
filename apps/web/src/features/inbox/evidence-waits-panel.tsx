'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { useWorkspace } from '@/features/shell/workspace-context';
import { useTRPC } from '@/lib/trpc/react';
import { formatDue } from './format';

/** Cases a reviewer sent back to the claimant, still waiting for photos. */
export function EvidenceWaitsPanel() {
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const waits = useQuery({
    ...trpc.inbox.evidenceWaits.queryOptions({ workspaceId: workspace.id }),
    refetchInterval: 60_000,
  });
  const rows = waits.data ?? [];
  return (
    <Card className="h-fit">
      <CardHeader title="Waiting for claimants" description="More evidence asked for, not yet sent" />
      <CardBody className="space-y-3" data-testid="evidence-waits">
        {rows.length === 0 ? (
          <p className="text-xs text-zinc-500">Nobody owes us photos right now.</p>
        ) : (
          rows.map((w) => (
            <Link
              key={w.requestId}
              href={`/w/${workspace.slug}/runs/${w.runId}`}
              className="block space-y-0.5 rounded-md px-2 py-1.5 text-xs hover:bg-zinc-50"
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="truncate font-medium text-zinc-800">{w.correlationKey ?? w.title}</span>
                <span className="shrink-0 text-zinc-500">
                  link {formatDue(w.expiresAt).text.replace('due in', 'ends in')}
                </span>
              </span>
              {w.message ? <span className="line-clamp-2 block text-zinc-600 italic">“{w.message}”</span> : null}
              <span className="block text-[11px] text-zinc-500">
                round {w.round} · asked by {w.requestedBy ?? 'a reviewer'} · {w.remindersSent} reminder
                {w.remindersSent === 1 ? '' : 's'}
              </span>
            </Link>
          ))
        )}
      </CardBody>
    </Card>
  );
}
