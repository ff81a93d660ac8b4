import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TokensSettings } from '@/features/settings/tokens-settings';
import { PageContainer } from '@/features/shell/page-container';
import { HydrateClient, prefetch, trpc } from '@/lib/trpc/server';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireWorkspace(slug);
  if (!workspace.permissions.includes('token:manage')) notFound();
  prefetch(trpc.tokens.list.queryOptions({ workspaceId: workspace.id }));
  return (
    <HydrateClient>
      <PageContainer>
        <TokensSettings />
      </PageContainer>
    </HydrateClient>
  );
}
