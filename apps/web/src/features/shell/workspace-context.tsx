'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Permission } from '@/server/auth/permissions';

export interface CurrentWorkspace {
  id: string;
  slug: string;
  name: string;
  role: 'owner' | 'admin' | 'editor' | 'reviewer' | 'viewer';
  permissions: Permission[];
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
}

const Ctx = createContext<{ workspace: CurrentWorkspace; user: CurrentUser } | null>(null);

export function WorkspaceProvider({
  workspace,
  user,
  children,
}: {
  workspace: CurrentWorkspace;
  user: CurrentUser;
  children: ReactNode;
}) {
  return <Ctx.Provider value={{ workspace, user }}>{children}</Ctx.Provider>;
}

/** The workspace of the current /w/[slug] page: id for procedures, role for the UI. */
export function useWorkspace(): CurrentWorkspace {
  const value = useContext(Ctx);
  if (!value) throw new Error('useWorkspace() outside /w/[slug]');
  return value.workspace;
}

export function useCurrentUser(): CurrentUser {
  const value = useContext(Ctx);
  if (!value) throw new Error('useCurrentUser() outside /w/[slug]');
  return value.user;
}

/** Whether the user's role holds a permission (the UI hides what the server would refuse). */
export function useCan(permission: Permission): boolean {
  return useWorkspace().permissions.includes(permission);
}
