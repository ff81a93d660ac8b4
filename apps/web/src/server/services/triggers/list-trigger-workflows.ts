import type { Db } from '@conveyor/db';

/** Workflows a trigger can point at, with whether each has a published version yet. */
export async function listTriggerWorkflows(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string },
): Promise<{ id: string; name: string; published: boolean; backlogLimit: number | null }[]> {
  const rows = await db.prisma.workflow.findMany({
    where: { workspaceId: input.workspaceId, deletedAt: null },
    select: {
      id: true,
      name: true,
      backlogLimit: true,
      versions: { where: { published: true }, select: { id: true }, take: 1 },
    },
    orderBy: { name: 'asc' },
  });
  return rows.map((w) => ({ id: w.id, name: w.name, published: w.versions.length > 0, backlogLimit: w.backlogLimit }));
}
