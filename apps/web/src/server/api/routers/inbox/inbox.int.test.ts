import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createMember, createWorkspace } from '@conveyor/db/factories';
import { getEngine } from '@/server/engine';
import { callerFor } from '../../__tests__/caller.ts';
import { createInboxHarness, type InboxHarness } from '../../../services/inbox/__tests__/inbox-harness.ts';

let h: InboxHarness;
beforeAll(async () => {
  h = await createInboxHarness();
  // The decide procedure resumes runs through the web process's own engine (getEngine).
  process.env.DATABASE_URL = h.t.url;
  process.env.CONVEYOR_DATA_DIR = await mkdtemp(path.join(os.tmpdir(), 'inbox-web-'));
  process.env.NEXTAUTH_URL = 'http://conveyor.test';
});
afterAll(async () => {
  await (await getEngine().catch(() => undefined))?.close();
  await h?.close();
});

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('inbox procedures', () => {
  it('everyone reads, reviewers and up claim, outsiders see nothing', async () => {
    const wf = await h.publish({ group: 'reviewers' });
    const runId = await h.startClaim(wf.versionId, wf.workflowId);
    const task = await h.taskOf(runId);
    const viewer = await createMember(h.t.db, h.workspaceId, 'viewer');
    const other = await createWorkspace(h.t.db);
    const outsider = await createMember(h.t.db, other.id, 'owner');
    const asViewer = callerFor(h.t.db, viewer);
    const page = await asViewer.inbox.list({ workspaceId: h.workspaceId, view: 'all' });
    expect(page.items.map((t) => t.id)).toContain(task.id);
    expect((await asViewer.inbox.counts({ workspaceId: h.workspaceId })).all).toBeGreaterThanOrEqual(1);
    expect(
      (await asViewer.inbox.get({ workspaceId: h.workspaceId, taskId: task.id })).actions.reject.requireReason,
    ).toBe(true);
    expect((await rejection(asViewer.inbox.claim({ workspaceId: h.workspaceId, taskId: task.id }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await rejection(asViewer.inbox.decide({ workspaceId: h.workspaceId, taskId: task.id, action: 'approve' }))).code,
    ).toBe('FORBIDDEN');
    const asOutsider = callerFor(h.t.db, outsider as never);
    expect((await rejection(asOutsider.inbox.list({ workspaceId: h.workspaceId }))).code).toBe('NOT_FOUND');
    // A task id from another workspace is not found, even to a member of that workspace.
    expect(
      (await rejection(callerFor(h.t.db, outsider as never).inbox.get({ workspaceId: other.id, taskId: task.id })))
        .code,
    ).toBe('NOT_FOUND');

    const asAlice = callerFor(h.t.db, h.users.alice as never);
    const claim = await asAlice.inbox.claim({ workspaceId: h.workspaceId, taskId: task.id });
    expect(claim.taskId).toBe(task.id);
    const asBob = callerFor(h.t.db, h.users.bob as never);
    const refused = await rejection(asBob.inbox.claim({ workspaceId: h.workspaceId, taskId: task.id }));
    expect(refused.code).toBe('CONFLICT');
    const bad = await rejection(
      asAlice.inbox.decide({ workspaceId: h.workspaceId, taskId: task.id, action: 'reject', reasonCode: 'nope' }),
    );
    expect([bad.code, bad.message]).toEqual(['BAD_REQUEST', expect.stringContaining('customer-damage')]);
    const decided = await asAlice.inbox.decide({
      workspaceId: h.workspaceId,
      taskId: task.id,
      action: 'reject',
      reasonCode: 'customer-damage',
      comment: 'Dropped, not a defect',
    });
    expect(decided).toMatchObject({ action: 'reject', override: true });
    expect(
      (await rejection(asBob.inbox.decide({ workspaceId: h.workspaceId, taskId: task.id, action: 'approve' }))).code,
    ).toBe('CONFLICT');
    const stats = await asViewer.inbox.overrideStats({ workspaceId: h.workspaceId });
    expect(stats[0]).toMatchObject({ nodeId: 'review', overrides: 1 });
  });
});
