import { randomUUID } from 'node:crypto';
import type { Db } from './client.ts';
import type { Role, Prisma } from '@prisma/client';
import { hashPassword } from './password.ts';

/**
 * Seed factories: one call makes a valid row with unique values, overrides where the test
 * or seed cares. Used by the demo seed, integration tests and e2e fixtures.
 */
const unique = () => randomUUID().slice(0, 8);

export async function createWorkspace(db: Pick<Db, 'prisma'>, data: Partial<Prisma.WorkspaceCreateInput> = {}) {
  const id = unique();
  return db.prisma.workspace.create({ data: { slug: `ws-${id}`, name: `Workspace ${id}`, ...data } });
}

export async function createUser(
  db: Pick<Db, 'prisma'>,
  data: { email?: string; name?: string; password?: string } = {},
) {
  const id = unique();
  return db.prisma.user.create({
    data: {
      email: data.email ?? `user-${id}@example.test`,
      name: data.name ?? `User ${id}`,
      passwordHash: data.password ? await hashPassword(data.password) : null,
    },
  });
}

export async function addMember(db: Pick<Db, 'prisma'>, workspaceId: string, userId: string, role: Role) {
  return db.prisma.membership.create({ data: { workspaceId, userId, role } });
}

/** A user with a membership in one step: the usual need of a test. */
export async function createMember(
  db: Pick<Db, 'prisma'>,
  workspaceId: string,
  role: Role,
  data: { email?: string; name?: string; password?: string } = {},
) {
  const user = await createUser(db, data);
  await addMember(db, workspaceId, user.id, role);
  return user;
}

export async function createWorkflow(
  db: Pick<Db, 'prisma'>,
  data: { workspaceId: string; name?: string; graph?: unknown; createdById?: string; templateKey?: string },
) {
  return db.prisma.workflow.create({
    data: {
      workspaceId: data.workspaceId,
      name: data.name ?? `Workflow ${unique()}`,
      draftGraph: (data.graph ?? { nodes: [], edges: [] }) as Prisma.InputJsonValue,
      createdById: data.createdById ?? null,
      templateKey: data.templateKey ?? null,
    },
  });
}

export async function createPool(
  db: Pick<Db, 'prisma'>,
  data: { name?: string; kind?: string; settings?: object } = {},
) {
  const name = data.name ?? `pool-${unique()}`;
  return db.prisma.pool.upsert({
    where: { name },
    update: {},
    create: { name, kind: data.kind ?? 'cpu', settings: (data.settings ?? {}) as Prisma.InputJsonValue },
  });
}
