import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { decryptSecret } from '../crypto.ts';
import { verifyPassword } from '../password.ts';
import { seedDemoWorkspace, type DemoTemplate } from './demo.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const key = randomBytes(32);
const graph = { nodes: [{ id: 'a', type: 'ingest', typeVersion: 1, config: {} }], edges: [] };
const templates: DemoTemplate[] = [
  {
    key: 'warranty-triage',
    name: 'Warranty claim triage',
    description: 'd',
    graph,
    publish: { graph, graphHash: 'h1', note: 'Version 1 from the template' },
    reviewGroup: 'warranty-reviewers',
    webhookCredential: 'claims-webhook',
  },
];

describe('demo seed', () => {
  it('creates a user per role, publishes v1, a webhook trigger, the review group and the credential — once', async () => {
    const first = await seedDemoWorkspace(t.db, { adminEmail: 'boss@acme.test', templates, secretKey: key });
    expect(first.created).toBe(true);
    expect(first.newUsers.map((u) => [u.role, u.email])).toEqual([
      ['owner', 'boss@acme.test'],
      ['reviewer', 'reviewer@acme.test'],
      ['editor', 'editor@acme.test'],
      ['viewer', 'viewer@acme.test'],
    ]);
    for (const u of first.newUsers) {
      const user = await t.db.prisma.user.findUniqueOrThrow({
        where: { email: u.email },
        include: { memberships: true },
      });
      expect(await verifyPassword(u.password, user.passwordHash!)).toBe(true);
      expect(user.memberships.map((m) => m.role)).toEqual([u.role]);
    }
    const wf = await t.db.prisma.workflow.findFirstOrThrow({
      where: { workspaceId: first.workspaceId },
      include: { versions: true, triggers: true },
    });
    expect(wf.versions.map((v) => [v.version, v.published, v.note, v.graphHash])).toEqual([
      [1, true, 'Version 1 from the template', 'h1'],
    ]);
    expect(wf.triggers).toHaveLength(1);
    expect(wf.triggers[0]!.kind).toBe('webhook');
    expect(decryptSecret(key, wf.triggers[0]!.secretCiphertext!)).toBe(first.newTrigger!.secret);
    const group = await t.db.prisma.reviewGroup.findFirstOrThrow({
      where: { workspaceId: first.workspaceId, name: 'warranty-reviewers' },
      include: { members: { include: { user: true } } },
    });
    expect(group.members.map((m) => m.user.email).sort()).toEqual(['boss@acme.test', 'reviewer@acme.test']);
    const credential = await t.db.prisma.credential.findFirstOrThrow({ where: { workspaceId: first.workspaceId } });
    expect(credential.name).toBe('claims-webhook');
    expect(decryptSecret(key, credential.ciphertext)).toMatch(/^whsec_/);

    const second = await seedDemoWorkspace(t.db, { adminEmail: 'boss@acme.test', templates, secretKey: key });
    expect(second).toMatchObject({ created: false, adminCredentials: null, newUsers: [], newTrigger: null });
    expect(await t.db.prisma.workflowVersion.count()).toBe(1);
    expect(await t.db.prisma.trigger.count()).toBe(1);
    expect(await t.db.prisma.reviewGroupMember.count({ where: { groupId: group.id } })).toBe(2);
  });

  it('never publishes a draft someone has edited, nor changes a role someone changed', async () => {
    const ws = await t.db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    await t.db.prisma.workflowVersion.deleteMany({});
    await t.db.prisma.trigger.deleteMany({});
    await t.db.prisma.workflow.updateMany({ where: { workspaceId: ws.id }, data: { draftRevision: 3 } });
    const viewer = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'viewer@acme.test' } });
    await t.db.prisma.membership.update({
      where: { workspaceId_userId: { workspaceId: ws.id, userId: viewer.id } },
      data: { role: 'editor' },
    });
    const again = await seedDemoWorkspace(t.db, { adminEmail: 'boss@acme.test', templates, secretKey: key });
    expect(again.newTrigger).toBeNull();
    expect(await t.db.prisma.workflowVersion.count()).toBe(0);
    const m = await t.db.prisma.membership.findUniqueOrThrow({
      where: { workspaceId_userId: { workspaceId: ws.id, userId: viewer.id } },
    });
    expect(m.role).toBe('editor');
  });
});
