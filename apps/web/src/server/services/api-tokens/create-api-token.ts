import { hashToken, randomToken, type Db, type Role } from '@conveyor/db';
import { apiTokenSelect, TOKEN_PREFIX, type ApiTokenView } from './api-token-view.ts';

/**
 * A workspace API token with a role. The token (`cvy_…`) is returned here once; only its
 * sha256 is stored. It acts for the workspace with its role's permissions, and decisions
 * made with it are recorded as the creating user's.
 */
export async function createApiToken(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string; name: string; role: Role; createdById: string; expiresAt?: Date | null | undefined },
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const token = randomToken(TOKEN_PREFIX, 32);
  const apiToken = await db.prisma.apiToken.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 12),
      createdById: input.createdById,
      expiresAt: input.expiresAt ?? null,
    },
    select: apiTokenSelect,
  });
  return { token, apiToken };
}
