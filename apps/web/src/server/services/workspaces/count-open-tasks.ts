import type { Db } from '@conveyor/db';

/** Open and claimed tasks of a workspace: the Inbox badge in the navigation. */
export async function countOpenTasks({
  db,
  workspaceId,
}: {
  db: Pick<Db, 'prisma'>;
  workspaceId: string;
}): Promise<number> {
  return db.prisma.humanTask.count({ where: { workspaceId, status: { in: ['open', 'claimed'] } } });
}
