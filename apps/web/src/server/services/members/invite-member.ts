import { hashToken, randomToken, type Db, type Role } from '@conveyor/db';
import { normalizeEmail } from '@/server/services/auth/verify-credentials';
import { conflict } from '@/server/errors';
import { assertMayAssign } from './role-rules';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Creates an invitation and returns its token ONCE (only its sha256 is stored): the UI shows
 * the link for the inviter to pass on, since Conveyor sends no mail. A new invite for the
 * same email replaces a pending one.
 */
export async function inviteMember({
  db,
  workspaceId,
  invitedById,
  inviterRole,
  email: rawEmail,
  role,
  now = new Date(),
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  invitedById: string;
  inviterRole: Role;
  email: string;
  role: Role;
  now?: Date;
}): Promise<{ invitationId: string; email: string; role: Role; token: string; expiresAt: Date }> {
  assertMayAssign(inviterRole, null, role);
  const email = normalizeEmail(rawEmail);
  const existing = await db.prisma.membership.findFirst({
    where: { workspaceId, user: { email } },
    select: { id: true },
  });
  if (existing) throw conflict('already_member', `${email} is already a member of this workspace`);
  const token = randomToken('inv');
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  const invitation = await db.prisma.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { workspaceId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    return tx.invitation.create({
      data: { workspaceId, email, role, tokenHash: hashToken(token), invitedById, expiresAt },
      select: { id: true },
    });
  });
  return { invitationId: invitation.id, email, role, token, expiresAt };
}
