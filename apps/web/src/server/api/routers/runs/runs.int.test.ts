import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createMember } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { callerFor } from '../../__tests__/caller.ts';
import { seedRun, seedWorkspace } from '../../../services/runs/__tests__/seed-runs.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

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

describe('runs procedures', () => {
  it('read for every member, scoped to the workspace; control refused to viewers and reviewers', async () => {
    const ws = await seedWorkspace(t.db);
    const other = await seedWorkspace(t.db);
    const viewer = await createMember(t.db, ws.workspace.id, 'viewer');
    const reviewer = await createMember(t.db, ws.workspace.id, 'reviewer');
    const outsider = await createMember(t.db, other.workspace.id, 'owner');
    const mine = await seedRun(t.db, {
      workspaceId: ws.workspace.id,
      workflowId: ws.workflow.id,
      versionId: ws.version.id,
      status: 'running',
      createdAt: new Date(),
      endS: null,
      steps: [{ nodeId: 'claim', nodeType: 'ingest', status: 'succeeded', startS: 0, endS: 1 }],
    });
    const theirs = await seedRun(t.db, {
      workspaceId: other.workspace.id,
      workflowId: other.workflow.id,
      versionId: other.version.id,
      status: 'succeeded',
      createdAt: new Date(),
      endS: 2,
    });

    const asViewer = callerFor(t.db, viewer);
    const page = await asViewer.runs.list({ workspaceId: ws.workspace.id, filters: { statuses: ['running'] } });
    expect(page.items.map((r) => r.id)).toEqual([mine.runId]);
    const detail = await asViewer.runs.get({ workspaceId: ws.workspace.id, runId: mine.runId });
    expect(detail.steps[0]).toMatchObject({ nodeId: 'claim', status: 'succeeded', durationMs: 1000 });
    expect(detail.audit.chain.valid).toBe(true);
    expect(
      await asViewer.runs.poll({ workspaceId: ws.workspace.id, runId: mine.runId, cursor: detail.cursor }),
    ).toMatchObject({
      changed: false,
      status: 'running',
    });
    expect((await asViewer.runs.pollList({ workspaceId: ws.workspace.id })).activeRuns).toBe(1);
    expect(await asViewer.runs.facets({ workspaceId: ws.workspace.id })).toEqual({
      workflows: [
        {
          id: ws.workflow.id,
          name: ws.workflow.name,
          deleted: false,
          versions: [{ id: ws.version.id, number: 1, published: true }],
        },
      ],
    });

    // Another workspace's run through my workspace: not found, never leaked.
    expect((await rejection(asViewer.runs.get({ workspaceId: ws.workspace.id, runId: theirs.runId }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejection(asViewer.runs.poll({ workspaceId: ws.workspace.id, runId: theirs.runId }))).code).toBe(
      'NOT_FOUND',
    );
    // Someone else's workspace: not found, whatever the run.
    expect(
      (await rejection(callerFor(t.db, outsider).runs.get({ workspaceId: ws.workspace.id, runId: mine.runId }))).code,
    ).toBe('NOT_FOUND');
    // Control needs run:cancel / run:start: refused before the engine is touched.
    expect((await rejection(asViewer.runs.cancel({ workspaceId: ws.workspace.id, runId: mine.runId }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (
        await rejection(
          callerFor(t.db, reviewer).runs.rerunFromStep({
            workspaceId: ws.workspace.id,
            runId: mine.runId,
            nodeId: 'claim',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect((await rejection(callerFor(t.db, null).runs.list({ workspaceId: ws.workspace.id }))).code).toBe(
      'UNAUTHORIZED',
    );
    expect((await rejection(asViewer.runs.list({ workspaceId: ws.workspace.id, cursor: 'not-a-cursor' }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});
