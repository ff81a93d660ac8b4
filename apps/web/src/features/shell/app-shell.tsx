'use client';

import type { ReactNode } from 'react';
import { SidebarNav } from './sidebar-nav';
import { UserMenu } from './user-menu';
import { WorkspaceProvider, type CurrentUser, type CurrentWorkspace } from './workspace-context';
import { WorkspaceSwitcher, type SwitcherWorkspace } from './workspace-switcher';

/** The frame of every /w/[slug] page: navigation on the left, the page on the right. */
export function AppShell({
  workspace,
  workspaces,
  user,
  openTasks,
  children,
}: {
  workspace: CurrentWorkspace;
  workspaces: SwitcherWorkspace[];
  user: CurrentUser;
  openTasks: number;
  children: ReactNode;
}) {
  return (
    <WorkspaceProvider workspace={workspace} user={user}>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow-pop focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <div className="flex h-screen min-h-0 overflow-hidden">
        <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-white xl:w-60">
          <div className="border-b border-zinc-100 p-2">
            <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
          </div>
          <SidebarNav slug={workspace.slug} workspaceId={workspace.id} initialOpenTasks={openTasks} />
          <div className="mt-auto border-t border-zinc-100 p-2">
            <UserMenu user={user} role={workspace.role} />
          </div>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-auto outline-none">
          {children}
        </main>
      </div>
    </WorkspaceProvider>
  );
}
