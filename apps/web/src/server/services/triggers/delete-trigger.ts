import type { Db } from '@conveyor/db';
import { notFound } from '../../errors.ts';

/** Removes a trigger; its runs stay (their trigger reference becomes empty). */
export async function deleteTrigger(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string; triggerId: string },
): Promise<void> {
  const { count } = await db.prisma.trigger.deleteMany({
    where: { id: input.triggerId, workspaceId: input.workspaceId, kind: 'webhook' },
  });
  if (count === 0) throw notFound('Trigger');
}
