import type { Metadata } from 'next';
import { RunDetail } from '@/features/runs/run-detail';
import { PageContainer } from '@/features/shell/page-container';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ slug: string; runId: string }> }) {
  const { slug, runId } = await params;
  await requireWorkspace(slug);
  return (
    <PageContainer wide>
      <RunDetail runId={runId} />
    </PageContainer>
  );
}
