import type { Db } from '@conveyor/db';

export async function renameWorkspace({
  db,
  workspaceId,
  name,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
  name: string;
}): Promise<{ id: string; slug: string; name: string }> {
  return db.prisma.workspace.update({
    where: { id: workspaceId },
    data: { name },
    select: { id: true, slug: true, name: true },
  });
}
