import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RunsList } from '@/features/runs/runs-list';
import { PageContainer } from '@/features/shell/page-container';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspace(slug);
  return (
    <PageContainer wide>
      <Suspense>
        <RunsList />
      </Suspense>
    </PageContainer>
  );
}
