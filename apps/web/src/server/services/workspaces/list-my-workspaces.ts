import type { Db, Role } from '@conveyor/db';

export interface MyWorkspace {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The workspaces the user belongs to, by name: the switcher and `/` use it. */
export async function listMyWorkspaces({
  db,
  userId,
}: {
  db: Pick<Db, 'prisma'>;
  userId: string;
}): Promise<MyWorkspace[]> {
  const rows = await db.prisma.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: { workspace: { name: 'asc' } },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}
