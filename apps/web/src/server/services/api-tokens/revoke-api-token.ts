import type { Db } from '@conveyor/db';
import { notFound } from '../../errors.ts';

/** Revokes a token at once: the next request with it is 401. Revoking twice is a no-op. */
export async function revokeApiToken(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string; tokenId: string },
): Promise<{ revokedAt: Date }> {
  const token = await db.prisma.apiToken.findFirst({
    where: { id: input.tokenId, workspaceId: input.workspaceId },
    select: { revokedAt: true },
  });
  if (!token) throw notFound('API token');
  if (token.revokedAt) return { revokedAt: token.revokedAt };
  const revokedAt = new Date();
  await db.prisma.apiToken.update({ where: { id: input.tokenId }, data: { revokedAt } });
  return { revokedAt };
}
