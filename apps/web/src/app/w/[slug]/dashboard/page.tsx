import type { Metadata } from 'next';
import { DashboardView } from '@/features/dashboard/dashboard-view';
import { PageContainer } from '@/features/shell/page-container';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspace(slug);
  return (
    <PageContainer wide>
      <DashboardView />
    </PageContainer>
  );
}
