import type { Metadata } from 'next';
import { WorkflowsList } from '@/features/editor/workflows-list/workflows-list';
import { PageContainer } from '@/features/shell/page-container';
import { HydrateClient, prefetch, trpc } from '@/lib/trpc/server';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Workflows' };

export default async function WorkflowsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireWorkspace(slug);
  prefetch(trpc.workflows.list.queryOptions({ workspaceId: workspace.id }));
  return (
    <HydrateClient>
      <PageContainer>
        <WorkflowsList />
      </PageContainer>
    </HydrateClient>
  );
}
