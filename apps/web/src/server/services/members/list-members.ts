import type { Db, Role } from '@conveyor/db';

export interface MemberRow {
  membershipId: string;
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export async function listMembers({
  db,
  workspaceId,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
}): Promise<MemberRow[]> {
  const rows = await db.prisma.membership.findMany({
    where: { workspaceId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }],
  });
  return rows.map((r) => ({
    membershipId: r.id,
    userId: r.user.id,
    email: r.user.email,
    name: r.user.name,
    role: r.role,
    joinedAt: r.createdAt,
  }));
}
