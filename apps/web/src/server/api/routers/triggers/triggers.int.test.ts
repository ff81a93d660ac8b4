import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@conveyor/db';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { callerFor } from '../../__tests__/caller.ts';

// The procedures read CONVEYOR_SECRET_KEY through env.ts.
const key = randomBytes(32);
process.env.CONVEYOR_SECRET_KEY = key.toString('hex');
process.env.DATABASE_URL ??= 'postgresql://unused';

let t: TestDatabase;
let workspaceId: string;
let workflowId: string;
let admin: { id: string; email: string };
let viewer: { id: string; email: string };
beforeAll(async () => {
  t = await createTestDatabase();
  const ws = await createWorkspace(t.db);
  workspaceId = ws.id;
  admin = await createMember(t.db, ws.id, 'admin');
  viewer = await createMember(t.db, ws.id, 'viewer');
  workflowId = (await createWorkflow(t.db, { workspaceId })).id;
});
afterAll(async () => t?.drop());

describe('triggers procedures', () => {
  it('creates a trigger whose secret is shown once and stored encrypted; lists it without the secret', async () => {
    const api = callerFor(t.db, admin);
    const { trigger, secret } = await api.triggers.create({
      workspaceId,
      workflowId,
      name: 'Claims portal',
      callbackUrl: 'https://claims.example.com/cb',
    });
    expect(secret).toMatch(/^whsec_/);
    expect(trigger).toMatchObject({ name: 'Claims portal', enabled: true, published: false, hasSecret: true });
    const row = await t.db.prisma.trigger.findUniqueOrThrow({ where: { id: trigger.id } });
    expect(row.secretCiphertext).not.toContain(secret);
    expect(decryptSecret(key, row.secretCiphertext!)).toBe(secret);
    const list = await api.triggers.list({ workspaceId });
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.map((x) => x.id)).toContain(trigger.id);
  });

  it('updates limits, disables, rotates the secret and deletes', async () => {
    const api = callerFor(t.db, admin);
    const { trigger, secret } = await api.triggers.create({ workspaceId, workflowId, name: 'RPA bot' });
    const updated = await api.triggers.update({
      workspaceId,
      triggerId: trigger.id,
      enabled: false,
      callbackUrl: '',
      settings: { ratePerSecond: 5, burst: 10 },
    });
    expect(updated).toMatchObject({ enabled: false, callbackUrl: null, settings: { ratePerSecond: 5, burst: 10 } });
    expect(updated.settings.maxJsonBytes).toBe(1024 * 1024);
    const rotated = await api.triggers.rotateSecret({ workspaceId, triggerId: trigger.id });
    expect(rotated.secret).not.toBe(secret);
    const row = await t.db.prisma.trigger.findUniqueOrThrow({ where: { id: trigger.id } });
    expect(decryptSecret(key, row.secretCiphertext!)).toBe(rotated.secret);
    await expect(
      api.triggers.update({ workspaceId, triggerId: trigger.id, callbackUrl: 'ftp://nope' }),
    ).rejects.toThrow();
    await api.triggers.delete({ workspaceId, triggerId: trigger.id });
    expect(await t.db.prisma.trigger.count({ where: { id: trigger.id } })).toBe(0);
  });

  it('keeps triggers to managers and to their own workspace', async () => {
    await expect(callerFor(t.db, viewer).triggers.list({ workspaceId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createWorkspace(t.db);
    const otherAdmin = await createMember(t.db, other.id, 'admin');
    await expect(
      callerFor(t.db, otherAdmin).triggers.create({ workspaceId: other.id, workflowId, name: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('tokens procedures', () => {
  it('creates a token shown once (stored hashed), lists and revokes it', async () => {
    const api = callerFor(t.db, admin);
    const { token, apiToken } = await api.tokens.create({ workspaceId, name: 'Portal', role: 'editor' });
    expect(token).toMatch(/^cvy_/);
    expect(apiToken).toMatchObject({ name: 'Portal', role: 'editor', lastUsedAt: null, revokedAt: null });
    const list = await api.tokens.list({ workspaceId });
    expect(JSON.stringify(list)).not.toContain(token);
    const { revokedAt } = await api.tokens.revoke({ workspaceId, tokenId: apiToken.id });
    expect(revokedAt).toBeInstanceOf(Date);
    expect((await api.tokens.list({ workspaceId })).find((x) => x.id === apiToken.id)?.revokedAt).not.toBeNull();
  });

  it('refuses a token above the creator’s own role, and tokens for viewers', async () => {
    await expect(
      callerFor(t.db, admin).tokens.create({ workspaceId, name: 'too strong', role: 'owner' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t.db, viewer).tokens.list({ workspaceId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
