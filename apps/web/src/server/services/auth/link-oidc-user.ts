import type { Db } from '@conveyor/db';
import { AppError } from '@/server/errors';
import { normalizeEmail, type SignedInUser } from './verify-credentials';

/**
 * The user an OIDC sign-in belongs to: the account already linked to this subject, else the
 * user with the same *verified* email (linked now), else a new user. An unverified email
 * never links — that would let anyone claim an account by typing its address at the IdP.
 */
export async function linkOidcUser(input: {
  db: Pick<Db, 'prisma'>;
  provider: string;
  subject: string;
  email: string | null | undefined;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
}): Promise<SignedInUser> {
  const { prisma } = input.db;
  const linked = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: input.provider, providerAccountId: input.subject } },
    select: { user: { select: { id: true, email: true, name: true } } },
  });
  if (linked) return linked.user;
  if (!input.email || !input.emailVerified) {
    throw new AppError('FORBIDDEN', 'oidc_email_unverified', 'Your identity provider did not confirm your email');
  }
  const email = normalizeEmail(input.email);
  return prisma.$transaction(async (tx) => {
    const user =
      (await tx.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } })) ??
      (await tx.user.create({
        data: { email, name: input.name ?? null, image: input.image ?? null, emailVerified: new Date() },
        select: { id: true, email: true, name: true },
      }));
    await tx.account.create({
      data: { userId: user.id, type: 'oauth', provider: input.provider, providerAccountId: input.subject },
    });
    return user;
  });
}
