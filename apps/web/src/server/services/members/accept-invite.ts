import { hashPassword, hashToken, type Db, type Role } from '@conveyor/db';
import { AppError, conflict, forbidden, notFound } from '@/server/errors';

type Tx = Parameters<Parameters<Db['prisma']['$transaction']>[0]>[0];

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitePreview {
  workspaceName: string;
  workspaceSlug: string;
  email: string;
  role: Role;
  status: InviteStatus;
  invitedBy: string | null;
  expiresAt: Date;
  /** Whether someone already has an account with the invited email (sign in vs sign up). */
  accountExists: boolean;
}

const inviteSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  workspaceId: true,
  workspace: { select: { name: true, slug: true } },
  invitedBy: { select: { name: true, email: true } },
} as const;

function statusOf(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InviteStatus {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  if (inv.expiresAt <= now) return 'expired';
  return 'pending';
}

/** What the invite page shows. Unknown tokens are NOT_FOUND; nothing else is revealed. */
export async function previewInvite({
  db,
  token,
  now = new Date(),
}: {
  db: Pick<Db, 'prisma'>;
  token: string;
  now?: Date;
}): Promise<InvitePreview> {
  const inv = await db.prisma.invitation.findUnique({ where: { tokenHash: hashToken(token) }, select: inviteSelect });
  if (!inv) throw notFound('Invitation');
  const account = await db.prisma.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return {
    workspaceName: inv.workspace.name,
    workspaceSlug: inv.workspace.slug,
    email: inv.email,
    role: inv.role,
    status: statusOf(inv, now),
    invitedBy: inv.invitedBy ? (inv.invitedBy.name ?? inv.invitedBy.email) : null,
    expiresAt: inv.expiresAt,
    accountExists: Boolean(account),
  };
}

/** Claims a pending invitation inside a transaction (row lock: one acceptance only). */
async function claim(tx: Tx, token: string, now: Date) {
  const tokenHash = hashToken(token);
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM invitations WHERE token_hash = ${tokenHash} FOR UPDATE`;
  if (locked.length === 0) throw notFound('Invitation');
  const inv = await tx.invitation.findUniqueOrThrow({ where: { tokenHash }, select: inviteSelect });
  const status = statusOf(inv, now);
  if (status !== 'pending')
    throw new AppError('PRECONDITION_FAILED', `invite_${status}`, `This invitation is ${status}`);
  return inv;
}

async function join(tx: Tx, inv: { id: string; workspaceId: string; role: Role }, userId: string, now: Date) {
  await tx.membership.upsert({
    where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId } },
    update: {}, // already a member (joined another way): keep the role they have
    create: { workspaceId: inv.workspaceId, userId, role: inv.role },
  });
  await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: now } });
}

/** A signed-in user accepts: the invite must be for their email. */
export async function acceptInvite({
  db,
  token,
  userId,
  now = new Date(),
}: {
  db: Pick<Db, 'prisma'>;
  token: string;
  userId: string;
  now?: Date;
}): Promise<{ workspaceSlug: string }> {
  return db.prisma.$transaction(async (tx) => {
    const inv = await claim(tx, token, now);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw notFound('User');
    if (user.email !== inv.email) {
      throw forbidden(`This invitation is for ${inv.email}; sign in with that account`, 'invite_email_mismatch');
    }
    await join(tx, inv, userId, now);
    return { workspaceSlug: inv.workspace.slug };
  });
}

/** Someone without an account accepts: the account is created with the invited email. */
export async function acceptInviteWithNewAccount({
  db,
  token,
  name,
  password,
  now = new Date(),
}: {
  db: Pick<Db, 'prisma'>;
  token: string;
  name: string;
  password: string;
  now?: Date;
}): Promise<{ workspaceSlug: string; email: string }> {
  // Hash outside the transaction: scrypt takes ~100 ms and must not hold row locks.
  const passwordHash = await hashPassword(password);
  return db.prisma.$transaction(async (tx) => {
    const inv = await claim(tx, token, now);
    const existing = await tx.user.findUnique({ where: { email: inv.email }, select: { id: true } });
    if (existing) throw conflict('account_exists', `An account for ${inv.email} exists: sign in to accept`);
    const user = await tx.user.create({
      data: { email: inv.email, name, passwordHash, emailVerified: now },
      select: { id: true },
    });
    await join(tx, inv, user.id, now);
    return { workspaceSlug: inv.workspace.slug, email: inv.email };
  });
}
