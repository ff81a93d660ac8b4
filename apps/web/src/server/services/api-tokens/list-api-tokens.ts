import type { Db } from '@conveyor/db';
import { apiTokenSelect, type ApiTokenView } from './api-token-view.ts';

/** The workspace's tokens (revoked ones too, marked), newest first; never the token itself. */
export async function listApiTokens(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string },
): Promise<ApiTokenView[]> {
  return db.prisma.apiToken.findMany({
    where: { workspaceId: input.workspaceId },
    select: apiTokenSelect,
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
}
