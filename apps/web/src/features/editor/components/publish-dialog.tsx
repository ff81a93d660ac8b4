'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Dialog, Skeleton, Textarea } from '@/components/ui';
import { useTRPC } from '@/lib/trpc/react';
import { GraphDiffList } from './graph-diff-view';

/** Publish with a note, after reviewing what changed since the latest version. */
export function PublishDialog({
  open,
  onClose,
  workspaceId,
  workflowId,
  latestVersion,
  issueCount,
  onPublish,
  nodeName,
}: {
  open: boolean;
  onClose: () => void;
  workspaceId: string;
  workflowId: string;
  latestVersion: number | null;
  issueCount: number;
  onPublish: (note: string) => Promise<boolean>;
  nodeName: (id: string) => string;
}) {
  const trpc = useTRPC();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const diff = useQuery({
    ...trpc.workflows.diff.queryOptions({ workspaceId, workflowId, from: 'latest', to: 'draft' }),
    enabled: open,
    staleTime: 0,
  });
  const nothing = diff.data?.identical || diff.data?.layoutOnly;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={latestVersion ? `Publish version ${latestVersion + 1}` : 'Publish the first version'}
      description="Published versions never change. New runs use the newest one; running cases keep theirs."
      className="w-[min(40rem,calc(100vw-2rem))]"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            disabled={issueCount > 0 || nothing === true || diff.isLoading}
            data-testid="publish-confirm"
            onClick={async () => {
              setBusy(true);
              const ok = await onPublish(note);
              setBusy(false);
              if (ok) {
                setNote('');
                onClose();
              }
            }}
          >
            Publish
          </Button>
        </>
      }
    >
      {issueCount > 0 ? (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Fix the {issueCount} issue{issueCount === 1 ? '' : 's'} listed on the canvas first.
        </p>
      ) : null}
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-zinc-700">What changed and why</span>
        <Textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          maxLength={2000}
          placeholder="e.g. Lower the review band to 0.35 after the March audit"
          data-testid="publish-note"
          autoFocus
        />
      </label>
      <h3 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {latestVersion ? `Changes since version ${latestVersion}` : 'Everything is new'}
      </h3>
      {diff.isLoading ? (
        <Skeleton className="h-16 w-full" />
      ) : diff.data ? (
        nothing ? (
          <p className="text-sm text-zinc-600">
            {diff.data.identical
              ? `The draft is exactly version ${latestVersion}: nothing to publish.`
              : `Only node positions changed since version ${latestVersion}: it already behaves the same.`}
          </p>
        ) : (
          <GraphDiffList diff={diff.data} nodeName={nodeName} />
        )
      ) : (
        <p className="text-sm text-red-600">Could not load the changes.</p>
      )}
    </Dialog>
  );
}
