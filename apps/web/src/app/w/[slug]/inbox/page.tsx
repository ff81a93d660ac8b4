import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InboxPage } from '@/features/inbox/inbox-page';
import { PageContainer } from '@/features/shell/page-container';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxRoute({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspace(slug);
  return (
    <PageContainer wide>
      <Suspense>
        <InboxPage />
      </Suspense>
    </PageContainer>
  );
}
