import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/server/db';
import { getWorkspaceForUser } from '@/server/services/workspaces/get-workspace-for-user';
import { getSessionUser, type SessionUser } from './session';

/** The signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * For pages under /w/[slug]: the user and their workspace (id, role, permissions), resolved
 * once per request. Non-members get the same 404 as a slug that does not exist.
 */
export const requireWorkspace = cache(async (slug: string) => {
  const user = await requireUser(`/w/${slug}`);
  const workspace = await getWorkspaceForUser({ db: getDb(), userId: user.id, slug });
  if (!workspace) notFound();
  return { user, workspace };
});
