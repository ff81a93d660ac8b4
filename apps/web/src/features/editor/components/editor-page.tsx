'use client';

import { useQuery } from '@tanstack/react-query';
import { FileQuestion } from 'lucide-react';
import Link from 'next/link';
import { buttonClasses, EmptyState, Spinner } from '@/components/ui';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, errorReason } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { WorkflowEditor } from './workflow-editor';

/** Loads the draft and opens the editor on it (the editor owns its state from then on). */
export function EditorPage({ workflowId }: { workflowId: string }) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const draft = useQuery({
    ...trpc.workflows.getDraft.queryOptions({ workspaceId: workspace.id, workflowId }),
    // The editor holds the live copy; a background refetch must not reset the canvas.
    refetchOnWindowFocus: false,
    retry: (count, error) => errorReason(error) !== 'not_found' && count < 2,
  });
  if (draft.isLoading) {
    return (
      <div className="flex h-full items-center justify-center">
        <Spinner className="size-6" />
      </div>
    );
  }
  if (!draft.data) {
    return (
      <div className="p-8">
        <EmptyState
          icon={<FileQuestion />}
          title={
            errorReason(draft.error) === 'not_found'
              ? 'This workflow does not exist'
              : 'The workflow could not be loaded'
          }
          description={
            errorReason(draft.error) === 'not_found' ? 'It may have been deleted.' : errorMessage(draft.error)
          }
          action={
            <Link href={`/w/${workspace.slug}/workflows`} className={buttonClasses({ variant: 'secondary' })}>
              Back to workflows
            </Link>
          }
        />
      </div>
    );
  }
  return (
    <WorkflowEditor key={draft.data.id} workspace={{ id: workspace.id, slug: workspace.slug }} draft={draft.data} />
  );
}
