import type { Db } from '@conveyor/db';
import { notFound } from '@/server/errors';

export async function revokeInvite({
  db,
  workspaceId,
  invitationId,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  invitationId: string;
}): Promise<{ id: string }> {
  const { count } = await db.prisma.invitation.updateMany({
    where: { id: invitationId, workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound('Invitation');
  return { id: invitationId };
}
