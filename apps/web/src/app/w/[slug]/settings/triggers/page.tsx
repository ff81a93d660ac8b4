import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TriggersSettings } from '@/features/settings/triggers-settings';
import { PageContainer } from '@/features/shell/page-container';
import { HydrateClient, prefetch, trpc } from '@/lib/trpc/server';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Triggers' };

export default async function TriggersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireWorkspace(slug);
  if (!workspace.permissions.includes('settings:manage')) notFound();
  prefetch(trpc.triggers.list.queryOptions({ workspaceId: workspace.id }));
  return (
    <HydrateClient>
      <PageContainer>
        <TriggersSettings />
      </PageContainer>
    </HydrateClient>
  );
}
