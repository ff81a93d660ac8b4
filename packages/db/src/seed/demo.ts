import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import type { Prisma } from '@prisma/client';
import { hashPassword } from '../password.ts';

export interface DemoTemplate {
  key: string;
  name: string;
  description: string;
  graph: unknown;
}

export interface SeedDemoOptions {
  adminEmail: string;
  /** When unset a random password is generated and returned (once). */
  adminPassword?: string;
  templates: readonly DemoTemplate[];
}

export interface SeedDemoResult {
  workspaceId: string;
  created: boolean;
  /** Only set when the admin was created now: the caller prints it once. */
  adminCredentials: { email: string; password: string } | null;
}

/**
 * Idempotent demo seed: the "demo" workspace, its owner and the templates as workflows.
 * Safe to run on every start; it never resets a password or overwrites an edited workflow.
 */
export async function seedDemoWorkspace(db: Pick<Db, 'prisma'>, options: SeedDemoOptions): Promise<SeedDemoResult> {
  return db.prisma.$transaction(async (tx) => {
    await tx.pool.upsert({
      where: { name: 'cpu' },
      update: {},
      create: { name: 'cpu', kind: 'cpu', settings: { maxBatchSize: 16, maxWaitMs: 10 } },
    });
    let workspace = await tx.workspace.findUnique({ where: { slug: 'demo' } });
    const created = !workspace;
    workspace ??= await tx.workspace.create({ data: { slug: 'demo', name: 'Acme Retail — warranty claims' } });

    let adminCredentials: SeedDemoResult['adminCredentials'] = null;
    let admin = await tx.user.findUnique({ where: { email: options.adminEmail } });
    if (!admin) {
      const password = options.adminPassword ?? randomBytes(12).toString('base64url');
      admin = await tx.user.create({
        data: { email: options.adminEmail, name: 'Demo admin', passwordHash: await hashPassword(password) },
      });
      adminCredentials = { email: options.adminEmail, password };
    }
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: admin.id } },
      update: {},
      create: { workspaceId: workspace.id, userId: admin.id, role: 'owner' },
    });
    await tx.reviewGroup.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name: 'Claims reviewers' } },
      update: {},
      create: { workspaceId: workspace.id, name: 'Claims reviewers' },
    });
    for (const template of options.templates) {
      const exists = await tx.workflow.findFirst({ where: { workspaceId: workspace.id, templateKey: template.key } });
      if (exists) continue;
      await tx.workflow.create({
        data: {
          workspaceId: workspace.id,
          name: template.name,
          description: template.description,
          templateKey: template.key,
          draftGraph: template.graph as Prisma.InputJsonValue,
          createdById: admin.id,
        },
      });
    }
    return { workspaceId: workspace.id, created, adminCredentials };
  });
}
