import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createMember, createUser, createWorkspace } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { callerFor } from '../../__tests__/caller.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function rejection(p: Promise<unknown>): Promise<TRPCError & { reason?: string }> {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('members', () => {
  it('invites by link, the invitee creates an account and joins with the invited role', async () => {
    const ws = await createWorkspace(t.db);
    const owner = await createMember(t.db, ws.id, 'owner');
    const asOwner = callerFor(t.db, owner);
    const invite = await asOwner.members.invite({
      workspaceId: ws.id,
      email: ' New.Person@Example.test ',
      role: 'editor',
    });
    expect(invite.email).toBe('new.person@example.test');
    const token = decodeURIComponent(invite.invitePath.replace('/invite/', ''));
    const row = await t.db.prisma.invitation.findUniqueOrThrow({ where: { id: invite.invitationId } });
    expect(row.tokenHash).not.toContain(token);

    expect(await asOwner.members.listInvites({ workspaceId: ws.id })).toHaveLength(1);
    const anon = callerFor(t.db, null);
    const preview = await anon.members.previewInvite({ token });
    expect(preview).toMatchObject({ status: 'pending', role: 'editor', accountExists: false, workspaceSlug: ws.slug });

    const joined = await anon.members.acceptInviteWithNewAccount({
      token,
      name: 'New Person',
      password: 'correct horse battery',
    });
    expect(joined.workspaceSlug).toBe(ws.slug);
    const members = await asOwner.members.list({ workspaceId: ws.id });
    expect(members.map((m) => [m.email, m.role])).toContainEqual(['new.person@example.test', 'editor']);

    // Used once only.
    const again = await rejection(
      anon.members.acceptInviteWithNewAccount({ token, name: 'X', password: 'correct horse battery' }),
    );
    expect(again.code).toBe('PRECONDITION_FAILED');
    expect(await asOwner.members.listInvites({ workspaceId: ws.id })).toHaveLength(0);
  });

  it('a signed-in user accepts only an invite for their own email', async () => {
    const ws = await createWorkspace(t.db);
    const owner = await createMember(t.db, ws.id, 'owner');
    const invitee = await createUser(t.db, { password: 'pw-1234567890' });
    const stranger = await createUser(t.db);
    const { invitePath } = await callerFor(t.db, owner).members.invite({
      workspaceId: ws.id,
      email: invitee.email,
      role: 'viewer',
    });
    const token = decodeURIComponent(invitePath.replace('/invite/', ''));
    const wrong = await rejection(callerFor(t.db, stranger).members.acceptInvite({ token }));
    expect(wrong.code).toBe('FORBIDDEN');
    await callerFor(t.db, invitee).members.acceptInvite({ token });
    const ws2 = await callerFor(t.db, invitee).workspaces.list();
    expect(ws2).toEqual([expect.objectContaining({ id: ws.id, role: 'viewer' })]);
  });

  it('never demotes or removes the last owner; admins cannot touch owners', async () => {
    const ws = await createWorkspace(t.db);
    const owner = await createMember(t.db, ws.id, 'owner');
    const admin = await createMember(t.db, ws.id, 'admin');
    const asOwner = callerFor(t.db, owner);
    const [ownerRow] = (await asOwner.members.list({ workspaceId: ws.id })).filter((m) => m.userId === owner.id);
    const demote = await rejection(
      asOwner.members.changeRole({ workspaceId: ws.id, membershipId: ownerRow!.membershipId, role: 'admin' }),
    );
    expect(demote.code).toBe('CONFLICT');
    const remove = await rejection(
      asOwner.members.remove({ workspaceId: ws.id, membershipId: ownerRow!.membershipId }),
    );
    expect(remove.code).toBe('CONFLICT');
    const byAdmin = await rejection(
      callerFor(t.db, admin).members.changeRole({
        workspaceId: ws.id,
        membershipId: ownerRow!.membershipId,
        role: 'viewer',
      }),
    );
    expect(byAdmin.code).toBe('FORBIDDEN');
    const promote = await rejection(
      callerFor(t.db, admin).members.invite({ workspaceId: ws.id, email: 'x@example.test', role: 'owner' }),
    );
    expect(promote.code).toBe('FORBIDDEN');

    // With a second owner the first may step down.
    const [adminRow] = (await asOwner.members.list({ workspaceId: ws.id })).filter((m) => m.userId === admin.id);
    await asOwner.members.changeRole({ workspaceId: ws.id, membershipId: adminRow!.membershipId, role: 'owner' });
    await asOwner.members.changeRole({ workspaceId: ws.id, membershipId: ownerRow!.membershipId, role: 'editor' });
    const roles = (await asOwner.members.list({ workspaceId: ws.id })).map((m) => m.role).sort();
    expect(roles).toEqual(['editor', 'owner']);
  });

  it('a non-member gets NOT_FOUND, as for a workspace that does not exist; ids of another workspace are not found', async () => {
    const ws = await createWorkspace(t.db);
    const other = await createWorkspace(t.db);
    const owner = await createMember(t.db, ws.id, 'owner');
    const otherMember = await createMember(t.db, other.id, 'viewer');
    const outsider = await rejection(callerFor(t.db, owner).members.list({ workspaceId: other.id }));
    const missing = await rejection(
      callerFor(t.db, owner).members.list({ workspaceId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect([outsider.code, outsider.message]).toEqual([missing.code, missing.message]);
    const [row] = await callerFor(t.db, otherMember).members.list({ workspaceId: other.id });
    const cross = await rejection(
      callerFor(t.db, owner).members.remove({ workspaceId: ws.id, membershipId: row!.membershipId }),
    );
    expect(cross.code).toBe('NOT_FOUND');
    expect(await t.db.prisma.membership.count({ where: { workspaceId: other.id } })).toBe(1);
  });
});
