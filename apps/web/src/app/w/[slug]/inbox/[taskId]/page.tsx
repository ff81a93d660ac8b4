import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { z } from 'zod';
import { TaskPage } from '@/features/inbox/task-page';
import { PageContainer } from '@/features/shell/page-container';
import { requireWorkspace } from '@/server/auth/require-workspace';

export const metadata: Metadata = { title: 'Review task' };

export default async function TaskRoute({ params }: { params: Promise<{ slug: string; taskId: string }> }) {
  const { slug, taskId } = await params;
  await requireWorkspace(slug);
  if (!z.uuid().safeParse(taskId).success) notFound();
  return (
    <PageContainer wide>
      <Suspense>
        <TaskPage taskId={taskId} />
      </Suspense>
    </PageContainer>
  );
}
