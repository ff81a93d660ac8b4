import type { Db, Role } from '@conveyor/db';
import { conflict, notFound } from '@/server/errors';
import { assertMayAssign } from './role-rules';

type Tx = Parameters<Parameters<Db['prisma']['$transaction']>[0]>[0];

/**
 * Locks the workspace's owner memberships so two concurrent demotions cannot both see
 * "another owner is left".
 */
export async function lockOwners(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM memberships WHERE workspace_id = ${workspaceId}::uuid AND role = 'owner' FOR UPDATE`;
  return rows.map((r) => r.id);
}

export async function changeMemberRole({
  db,
  workspaceId,
  actorRole,
  membershipId,
  role,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  actorRole: Role;
  membershipId: string;
  role: Role;
}): Promise<{ membershipId: string; role: Role }> {
  return db.prisma.$transaction(async (tx) => {
    const owners = await lockOwners(tx, workspaceId);
    const target = await tx.membership.findFirst({ where: { id: membershipId, workspaceId }, select: { role: true } });
    if (!target) throw notFound('Member');
    assertMayAssign(actorRole, target.role, role);
    if (target.role === 'owner' && role !== 'owner' && owners.length <= 1) {
      throw conflict('last_owner', 'A workspace needs at least one owner: make someone else owner first');
    }
    await tx.membership.update({ where: { id: membershipId }, data: { role } });
    return { membershipId, role };
  });
}
