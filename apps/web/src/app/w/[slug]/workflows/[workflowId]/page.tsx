import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EditorPage } from '@/features/editor/components/editor-page';
import { HydrateClient, prefetch, trpc } from '@/lib/trpc/server';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Workflow editor' };

export default async function WorkflowEditorRoute({
  params,
}: {
  params: Promise<{ slug: string; workflowId: string }>;
}) {
  const { slug, workflowId } = await params;
  if (!z.uuid().safeParse(workflowId).success) notFound();
  const { workspace } = await requireWorkspace(slug);
  prefetch(trpc.workflows.getDraft.queryOptions({ workspaceId: workspace.id, workflowId }));
  return (
    <HydrateClient>
      <EditorPage workflowId={workflowId} />
    </HydrateClient>
  );
}
