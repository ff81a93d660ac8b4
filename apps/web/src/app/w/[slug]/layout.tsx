import type { ReactNode } from 'react';
import { AppShell } from '@/features/shell/app-shell';
import { requireWorkspace } from '@/server/auth/require-workspace';
import { getDb } from '@/server/db';
import { countOpenTasks } from '@/server/services/workspaces/count-open-tasks';
import { listMyWorkspaces } from '@/server/services/workspaces/list-my-workspaces';

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { user, workspace } = await requireWorkspace(slug);
  const db = getDb();
  const [workspaces, openTasks] = await Promise.all([
    listMyWorkspaces({ db, userId: user.id }),
    workspace.permissions.includes('task:read') ? countOpenTasks({ db, workspaceId: workspace.id }) : 0,
  ]);
  return (
    <AppShell workspace={workspace} workspaces={workspaces} user={user} openTasks={openTasks}>
      {children}
    </AppShell>
  );
}
