import { randomBytes } from 'node:crypto';
import type { Db } from '@conveyor/db';
import { conflict } from '@/server/errors';
import type { MyWorkspace } from './list-my-workspaces';

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'workspace';
}

/** A new workspace owned by its creator, with a default review group. */
export async function createWorkspace({
  db,
  userId,
  name,
  slug: requested,
}: {
  db: Pick<Db, 'prisma'>;
  userId: string;
  name: string;
  slug?: string;
}): Promise<MyWorkspace> {
  const base = requested ?? slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    // An explicit slug must be exactly that; a derived one gets a suffix when taken.
    const slug = attempt === 0 ? base : `${base}-${randomBytes(2).toString('hex')}`;
    const taken = await db.prisma.workspace.findUnique({ where: { slug }, select: { id: true } });
    if (taken) {
      if (requested) throw conflict('slug_taken', `The address "${slug}" is taken`);
      continue;
    }
    try {
      const workspace = await db.prisma.workspace.create({
        data: {
          name,
          slug,
          memberships: { create: { userId, role: 'owner' } },
          groups: { create: { name: 'Reviewers' } },
        },
        select: { id: true, slug: true, name: true },
      });
      return { ...workspace, role: 'owner' };
    } catch (error) {
      // Lost a race for the slug: try the next one.
      if ((error as { code?: string }).code !== 'P2002' || requested) throw error;
    }
  }
  throw conflict('slug_taken', 'Could not find a free address for this workspace');
}
