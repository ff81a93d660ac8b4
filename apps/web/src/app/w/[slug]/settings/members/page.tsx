import type { Metadata } from 'next';
import { PageContainer } from '@/features/shell/page-container';
import { MembersSettings } from '@/features/members/members-settings';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireWorkspace(slug);
  return (
    <PageContainer>
      <MembersSettings workspaceName={workspace.name} />
    </PageContainer>
  );
}
