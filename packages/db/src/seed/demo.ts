import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import type { Prisma, Role } from '@prisma/client';
import { encryptSecret, randomToken } from '../crypto.ts';
import { hashPassword } from '../password.ts';

export interface DemoTemplate {
  key: string;
  name: string;
  description: string;
  graph: unknown;
  /**
   * Publish the template as version 1 when the workflow is new (or still untouched and
   * unpublished). The caller validates the graph and hashes it (the engine's canonical
   * hash): this package must not depend on the engine.
   */
  publish?: { graph: unknown; graphHash: string; note: string };
  /** Review group the template's human-task nodes route to: created with the reviewers in it. */
  reviewGroup?: string;
  /** Workspace credential (HMAC secret) the template's webhook nodes sign with. */
  webhookCredential?: string;
}

export interface SeedDemoOptions {
  adminEmail: string;
  /** When unset a random password is generated and returned (once). */
  adminPassword?: string;
  templates: readonly DemoTemplate[];
  /**
   * CONVEYOR_SECRET_KEY: encrypts the demo trigger's signing secret and the webhook
   * credential. Without it neither is created (the rest of the seed still runs).
   */
  secretKey?: Buffer;
}

export type DemoRole = 'owner' | 'reviewer' | 'editor' | 'viewer';

export interface DemoCredential {
  role: DemoRole;
  name: string;
  email: string;
  password: string;
}

export interface SeedDemoResult {
  workspaceId: string;
  created: boolean;
  /** Only set when the admin was created now: the caller prints it once. */
  adminCredentials: { email: string; password: string } | null;
  /** Every demo user created now (admin first), with the password to show once. */
  newUsers: DemoCredential[];
  /** Set when the demo webhook trigger was created now: its signing secret, shown once. */
  newTrigger: { id: string; workflowId: string; name: string; secret: string } | null;
}

/** The people of the demo workspace besides its owner: one per role an analyst meets. */
const DEMO_PEOPLE: { role: Exclude<DemoRole, 'owner'>; local: string; name: string }[] = [
  { role: 'reviewer', local: 'reviewer', name: 'Riley Reviewer' },
  { role: 'editor', local: 'editor', name: 'Eden Editor' },
  { role: 'viewer', local: 'viewer', name: 'Vic Viewer' },
];

/** `reviewer@<the admin's domain>`, so a custom CONVEYOR_ADMIN_EMAIL keeps them together. */
export function demoUserEmail(adminEmail: string, local: string): string {
  const at = adminEmail.lastIndexOf('@');
  return `${local}@${at >= 0 ? adminEmail.slice(at + 1) : 'conveyor.local'}`;
}

const newPassword = () => randomBytes(12).toString('base64url');

/**
 * Idempotent demo seed: the "demo" workspace; its owner and a reviewer, an editor and a
 * viewer; the templates as workflows, published as version 1 with a webhook trigger; the
 * review group their human tasks go to and the credential their webhooks sign with.
 * Safe to run on every start: it only adds what is missing — it never resets a password,
 * republishes, or touches a workflow someone has edited.
 */
export async function seedDemoWorkspace(db: Pick<Db, 'prisma'>, options: SeedDemoOptions): Promise<SeedDemoResult> {
  // Hashing is slow (scrypt): done before the transaction, only for users that are missing.
  const wanted = [
    { role: 'owner' as const, email: options.adminEmail, name: 'Demo admin', password: options.adminPassword },
    ...DEMO_PEOPLE.map((p) => ({
      role: p.role,
      email: demoUserEmail(options.adminEmail, p.local),
      name: p.name,
      password: undefined,
    })),
  ];
  const existing = new Set(
    (
      await db.prisma.user.findMany({ where: { email: { in: wanted.map((w) => w.email) } }, select: { email: true } })
    ).map((u) => u.email),
  );
  const toCreate = await Promise.all(
    wanted
      .filter((w) => !existing.has(w.email))
      .map(async (w) => {
        const password = w.password ?? newPassword();
        return { ...w, password, passwordHash: await hashPassword(password) };
      }),
  );

  return db.prisma.$transaction(async (tx) => {
    await tx.pool.upsert({
      where: { name: 'cpu' },
      update: {},
      create: { name: 'cpu', kind: 'cpu', settings: { maxBatchSize: 16, maxWaitMs: 10 } },
    });
    let workspace = await tx.workspace.findUnique({ where: { slug: 'demo' } });
    const created = !workspace;
    workspace ??= await tx.workspace.create({ data: { slug: 'demo', name: 'Acme Retail — warranty claims' } });

    const newUsers: DemoCredential[] = [];
    const userIds = new Map<DemoRole, string>();
    for (const w of wanted) {
      let user = await tx.user.findUnique({ where: { email: w.email } });
      const fresh = toCreate.find((c) => c.email === w.email);
      if (!user && fresh) {
        user = await tx.user.create({ data: { email: w.email, name: w.name, passwordHash: fresh.passwordHash } });
        newUsers.push({ role: w.role, name: w.name, email: w.email, password: fresh.password });
      }
      if (!user) continue; // created by a concurrent start between the read and now: theirs to print
      userIds.set(w.role, user.id);
      // An existing membership keeps its role: someone may have changed it on purpose.
      await tx.membership.upsert({
        where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
        update: {},
        create: { workspaceId: workspace.id, userId: user.id, role: w.role satisfies Role },
      });
    }
    const adminId = userIds.get('owner')!;

    let newTrigger: SeedDemoResult['newTrigger'] = null;
    for (const template of options.templates) {
      if (template.reviewGroup) {
        const group = await tx.reviewGroup.upsert({
          where: { workspaceId_name: { workspaceId: workspace.id, name: template.reviewGroup } },
          update: {},
          create: { workspaceId: workspace.id, name: template.reviewGroup },
        });
        // Only when the group is new or empty: a removed reviewer stays removed.
        if ((await tx.reviewGroupMember.count({ where: { groupId: group.id } })) === 0) {
          for (const role of ['owner', 'reviewer'] as const) {
            const userId = userIds.get(role);
            if (userId) await tx.reviewGroupMember.create({ data: { groupId: group.id, userId } });
          }
        }
      }
      if (template.webhookCredential && options.secretKey) {
        const name = template.webhookCredential;
        const has = await tx.credential.findUnique({
          where: { workspaceId_name: { workspaceId: workspace.id, name } },
        });
        if (!has) {
          await tx.credential.create({
            data: {
              workspaceId: workspace.id,
              name,
              kind: 'hmac_secret',
              ciphertext: encryptSecret(options.secretKey, randomToken('whsec', 32)),
              createdById: adminId,
            },
          });
        }
      }

      let workflow = await tx.workflow.findFirst({ where: { workspaceId: workspace.id, templateKey: template.key } });
      workflow ??= await tx.workflow.create({
        data: {
          workspaceId: workspace.id,
          name: template.name,
          description: template.description,
          templateKey: template.key,
          draftGraph: template.graph as Prisma.InputJsonValue,
          createdById: adminId,
        },
      });
      if (workflow.deletedAt) continue;
      // Publish only an untouched draft that was never published (never a second version).
      const versions = await tx.workflowVersion.count({ where: { workflowId: workflow.id, published: true } });
      let published = versions > 0;
      if (template.publish && !published && workflow.draftRevision === 0) {
        published = true;
        await tx.workflowVersion.create({
          data: {
            workflowId: workflow.id,
            version: 1,
            graph: template.publish.graph as Prisma.InputJsonValue,
            graphHash: template.publish.graphHash,
            published: true,
            note: template.publish.note,
            createdById: adminId,
          },
        });
      }
      const triggers = await tx.trigger.count({ where: { workflowId: workflow.id } });
      if (template.publish && published && triggers === 0 && options.secretKey) {
        const secret = randomToken('whsec', 32);
        const trigger = await tx.trigger.create({
          data: {
            workspaceId: workspace.id,
            workflowId: workflow.id,
            kind: 'webhook',
            name: 'Claims portal',
            secretCiphertext: encryptSecret(options.secretKey, secret),
            secretRotatedAt: new Date(),
            settings: {},
          },
        });
        newTrigger = { id: trigger.id, workflowId: workflow.id, name: trigger.name, secret };
      }
    }
    const admin = newUsers.find((u) => u.role === 'owner');
    return {
      workspaceId: workspace.id,
      created,
      adminCredentials: admin ? { email: admin.email, password: admin.password } : null,
      newUsers,
      newTrigger,
    };
  });
}
