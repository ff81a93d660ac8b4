'use client';

import { useQuery } from '@tanstack/react-query';
import { History, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Button, Dialog, EmptyState, Skeleton } from '@/components/ui';
import { useTRPC } from '@/lib/trpc/react';
import { GraphDiffList } from './graph-diff-view';

function when(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Published versions, newest first; compare any of them with the draft and roll the draft back to it. */
export function VersionHistoryDialog({
  open,
  onClose,
  workspaceId,
  workflowId,
  canEdit,
  onRollBack,
  nodeName,
}: {
  open: boolean;
  onClose: () => void;
  workspaceId: string;
  workflowId: string;
  canEdit: boolean;
  onRollBack: (versionId: string, version: number) => Promise<void>;
  nodeName: (id: string) => string;
}) {
  const trpc = useTRPC();
  const versions = useQuery({ ...trpc.workflows.versions.queryOptions({ workspaceId, workflowId }), enabled: open });
  const [compare, setCompare] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const diff = useQuery({
    ...trpc.workflows.diff.queryOptions({
      workspaceId,
      workflowId,
      from: { versionId: compare ?? '00000000-0000-0000-0000-000000000000' },
      to: 'draft',
    }),
    enabled: open && compare !== null,
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Version history"
      description="Every published version, as it was published. Rolling back replaces the draft; publish it to make it live."
      className="w-[min(44rem,calc(100vw-2rem))]"
    >
      {versions.isLoading ? (
        <Skeleton className="h-24 w-full" />
      ) : versions.data?.length === 0 ? (
        <EmptyState
          icon={<History />}
          title="Nothing published yet"
          description="Publish the draft to create version 1."
        />
      ) : (
        <ol className="flex flex-col divide-y divide-zinc-100" data-testid="version-list">
          {versions.data?.map((v, index) => (
            <li key={v.id} className="py-3">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <div className="flex items-center gap-2">
                    <span className="rounded bg-zinc-900 px-1.5 py-0.5 text-xs font-semibold text-white">
                      v{v.version}
                    </span>
                    {index === 0 ? <span className="text-xs font-medium text-emerald-700">Live</span> : null}
                    <span className="text-xs text-zinc-500">
                      {when(v.createdAt)}
                      {v.createdBy ? ` · ${v.createdBy}` : ''} · {v.nodeCount} nodes · {v.runCount} run
                      {v.runCount === 1 ? '' : 's'}
                    </span>
                  </div>
                  <p className="mt-1 text-sm text-zinc-800">
                    {v.note || <span className="text-zinc-400">No note</span>}
                  </p>
                </div>
                <div className="flex shrink-0 gap-1.5">
                  <Button size="sm" variant="ghost" onClick={() => setCompare(compare === v.id ? null : v.id)}>
                    {compare === v.id ? 'Hide changes' : 'Compare with draft'}
                  </Button>
                  {canEdit ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={busy === v.id}
                      data-testid={`rollback-v${v.version}`}
                      onClick={async () => {
                        setBusy(v.id);
                        await onRollBack(v.id, v.version);
                        setBusy(null);
                      }}
                    >
                      <RotateCcw /> Roll back
                    </Button>
                  ) : null}
                </div>
              </div>
              {compare === v.id ? (
                <div className="mt-2 rounded-md border border-zinc-200 bg-zinc-50 p-3">
                  <p className="mb-2 text-xs text-zinc-500">From version {v.version} to the draft:</p>
                  {diff.data ? (
                    <GraphDiffList diff={diff.data} nodeName={nodeName} />
                  ) : (
                    <Skeleton className="h-10 w-full" />
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
