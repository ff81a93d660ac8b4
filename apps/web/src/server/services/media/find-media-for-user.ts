import type { Db } from '@conveyor/db';

export interface ServableMedia {
  id: string;
  workspaceId: string;
  sha256: string;
  size: number;
  contentType: string;
  storageKey: string;
  originalName: string | null;
}

/**
 * A media object the user may see: it exists AND belongs to a workspace they are a member
 * of (any role reads media). Null otherwise — the caller answers 404 either way, so ids of
 * other workspaces are indistinguishable from unknown ones.
 */
export async function findMediaForUser({
  db,
  userId,
  mediaId,
}: {
  db: Pick<Db, 'prisma'>;
  userId: string;
  mediaId: string;
}): Promise<ServableMedia | null> {
  const row = await db.prisma.mediaObject.findFirst({
    where: { id: mediaId, workspace: { memberships: { some: { userId } } } },
    select: {
      id: true,
      workspaceId: true,
      sha256: true,
      size: true,
      contentType: true,
      storageKey: true,
      originalName: true,
    },
  });
  return row ? { ...row, size: Number(row.size) } : null;
}
