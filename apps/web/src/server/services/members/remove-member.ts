import type { Db, Role } from '@conveyor/db';
import { conflict, notFound } from '@/server/errors';
import { lockOwners } from './change-role';
import { assertMayAssign } from './role-rules';

export async function removeMember({
  db,
  workspaceId,
  actorRole,
  membershipId,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  actorRole: Role;
  membershipId: string;
}): Promise<{ membershipId: string }> {
  return db.prisma.$transaction(async (tx) => {
    const owners = await lockOwners(tx, workspaceId);
    const target = await tx.membership.findFirst({
      where: { id: membershipId, workspaceId },
      select: { role: true, userId: true },
    });
    if (!target) throw notFound('Member');
    assertMayAssign(actorRole, target.role, null);
    if (target.role === 'owner' && owners.length <= 1) {
      throw conflict('last_owner', 'The last owner cannot be removed');
    }
    await tx.membership.delete({ where: { id: membershipId } });
    // Their place in review groups goes with the membership.
    await tx.reviewGroupMember.deleteMany({ where: { userId: target.userId, group: { workspaceId } } });
    return { membershipId };
  });
}
