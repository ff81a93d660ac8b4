import type { Db, Role } from '@conveyor/db';

export interface PendingInvite {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations not yet accepted, revoked or expired. */
export async function listPendingInvites({
  db,
  workspaceId,
  now = new Date(),
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  now?: Date;
}): Promise<PendingInvite[]> {
  const rows = await db.prisma.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(({ invitedBy, ...r }) => ({
    ...r,
    invitedBy: invitedBy ? (invitedBy.name ?? invitedBy.email) : null,
  }));
}
