import type { Db } from '@conveyor/db';
import { permissionsOf } from '@/server/auth/permissions';
import type { MyWorkspace } from './list-my-workspaces';

/**
 * The workspace behind a URL slug, only if the user is a member: pages use it to resolve
 * `/w/[slug]`. Null for unknown slugs and for workspaces the user does not belong to alike.
 */
export async function getWorkspaceForUser({
  db,
  userId,
  slug,
}: {
  db: Pick<Db, 'prisma'>;
  userId: string;
  slug: string;
}): Promise<(MyWorkspace & { permissions: ReturnType<typeof permissionsOf> }) | null> {
  const membership = await db.prisma.membership.findFirst({
    where: { userId, workspace: { slug } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) return null;
  return { ...membership.workspace, role: membership.role, permissions: permissionsOf(membership.role) };
}
