import type { Metadata } from 'next';
import { MembersSettings } from '@/features/members/members-settings';
import { PageContainer } from '@/features/shell/page-container';
import { HydrateClient, prefetch, trpc } from '@/lib/trpc/server';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireWorkspace(slug);
  // Rendered with its data: no skeleton flash on navigation.
  prefetch(trpc.members.list.queryOptions({ workspaceId: workspace.id }));
  if (workspace.permissions.includes('member:manage')) {
    prefetch(trpc.members.listInvites.queryOptions({ workspaceId: workspace.id }));
  }
  return (
    <HydrateClient>
      <PageContainer>
        <MembersSettings workspaceName={workspace.name} />
      </PageContainer>
    </HydrateClient>
  );
}
