import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError, type AnyProcedure, type AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { hashToken } from '@conveyor/db';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { PERMISSIONS, ROLES, type Permission } from '@/server/auth/permissions';
import { appRouter } from './root.ts';
import type { ProcedureMeta } from './trpc.ts';
import { callerFor } from './__tests__/caller.ts';

/**
 * Walks EVERY procedure of the app router (found at run time, so procedures added later are
 * covered without touching this file) × every role, a non-member and a signed-out caller,
 * and checks the permission each procedure declares in its meta:
 * - allowed roles are never refused for lack of permission;
 * - other roles get FORBIDDEN (permission_denied), non-members NOT_FOUND, signed-out UNAUTHORIZED;
 * - calls made with a *foreign* workspace's ids (workspaceId of ours, every other `…Id`
 *   from the foreign workspace) never change or return that workspace's data.
 * Inputs are generated from each procedure's zod schema; validation failures are fine —
 * the point is who gets through the door, and what leaks through it.
 */

type Actor = { label: string; user: { id: string; email: string } | null; role: (typeof ROLES)[number] | null };

interface Proc {
  path: string;
  procedure: AnyProcedure;
  meta: Partial<ProcedureMeta> | undefined;
}

function listProcedures(router: AnyRouter): Proc[] {
  return Object.entries(router._def.procedures as Record<string, AnyProcedure>).map(([path, procedure]) => ({
    path,
    procedure,
    meta: procedure._def.meta as Partial<ProcedureMeta> | undefined,
  }));
}

// ─── input generation from zod schemas ───────────────────────────────────────────────────

type ZodLike = { _zod: { def: Record<string, unknown> & { type: string } } };

function sample(schema: ZodLike, key: string, ids: Record<string, string>, depth = 0): unknown {
  const def = schema._zod.def;
  if (depth > 6) return undefined;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, ZodLike>;
      return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, sample(s, k, ids, depth + 1)]));
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return sample(def.innerType as ZodLike, key, ids, depth + 1);
    case 'pipe':
      return sample(def.in as ZodLike, key, ids, depth + 1);
    case 'lazy':
      return sample((def.getter as () => ZodLike)(), key, ids, depth + 1);
    case 'string': {
      const format = (def as { format?: string }).format;
      if (key === 'workspaceId') return ids.workspaceId;
      if (format === 'uuid' || format === 'guid' || /Id$/.test(key)) return ids[key] ?? randomUUID();
      if (format === 'email') return 'someone@example.test';
      if (format === 'url') return 'https://example.test/x';
      return `sample-${key}`;
    }
    case 'number':
    case 'int':
    case 'bigint':
      return 1;
    case 'boolean':
      return false;
    case 'date':
      return new Date();
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array':
      return [];
    case 'record':
    case 'any':
    case 'unknown':
      return {};
    case 'union':
    case 'discriminatedUnion':
      return sample((def.options as ZodLike[])[0]!, key, ids, depth + 1);
    case 'intersection':
      return {
        ...(sample(def.left as ZodLike, key, ids, depth + 1) as object),
        ...(sample(def.right as ZodLike, key, ids, depth + 1) as object),
      };
    default:
      return undefined;
  }
}

function sampleInput(proc: AnyProcedure, ids: Record<string, string>): unknown {
  const inputs = proc._def.inputs as unknown as ZodLike[];
  if (inputs.length === 0) return undefined;
  return inputs.reduce<Record<string, unknown>>((acc, s) => {
    const value = s?._zod ? sample(s, '', ids) : undefined;
    return value && typeof value === 'object' ? { ...acc, ...value } : acc;
  }, {});
}

// ─── the foreign workspace's data: fingerprint and known strings ─────────────────────────

async function fingerprint(t: TestDatabase, workspaceId: string): Promise<string> {
  const { rows: tables } = await t.db.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'workspace_id' ORDER BY table_name`,
  );
  const parts = [
    (await t.db.pool.query(`SELECT md5(w::text) AS h FROM workspaces w WHERE id = $1`, [workspaceId])).rows[0]?.h,
  ];
  for (const { table_name } of tables) {
    const { rows } = await t.db.pool.query<{ h: string | null }>(
      `SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM "${table_name}" x WHERE workspace_id = $1`,
      [workspaceId],
    );
    parts.push(`${table_name}:${rows[0]?.h ?? '-'}`);
  }
  return parts.join('|');
}

async function outcome(p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: TRPCError }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, error };
    throw error;
  }
}

const reason = (e: TRPCError) => (e.cause as { reason?: string } | undefined)?.reason;

let t: TestDatabase;
let home: { id: string };
let foreign: { id: string; slug: string };
let actors: Actor[];
let foreignIds: Record<string, string>;
let foreignSecrets: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  home = await createWorkspace(t.db, { name: 'Home' });
  foreign = await createWorkspace(t.db, { name: 'Foreign' });
  actors = [];
  for (const role of ROLES) actors.push({ label: role, role, user: await createMember(t.db, home.id, role) });
  const outsider = await createMember(t.db, foreign.id, 'owner', { name: 'Foreign Owner' });
  actors.push({ label: 'non-member', role: null, user: outsider });
  actors.push({ label: 'signed-out', role: null, user: null });

  // Something of every kind in the foreign workspace, so foreign ids point at real rows.
  const { prisma } = t.db;
  const foreignViewer = await createMember(t.db, foreign.id, 'viewer');
  const membership = await prisma.membership.findFirstOrThrow({
    where: { workspaceId: foreign.id, userId: foreignViewer.id },
  });
  const workflow = await createWorkflow(t.db, { workspaceId: foreign.id, name: 'Foreign flow' });
  const version = await prisma.workflowVersion.create({
    data: { workflowId: workflow.id, version: 1, graph: { nodes: [], edges: [] }, graphHash: 'x' },
  });
  const run = await prisma.run.create({
    data: { workspaceId: foreign.id, workflowId: workflow.id, workflowVersionId: version.id },
  });
  const step = await prisma.step.create({
    data: { runId: run.id, nodeId: 'n1', nodeType: 'rule', nodeTypeVersion: 1 },
  });
  const task = await prisma.humanTask.create({
    data: {
      workspaceId: foreign.id,
      workflowId: workflow.id,
      runId: run.id,
      stepId: step.id,
      nodeId: 'n1',
      title: 'Foreign task',
      evidence: {},
    },
  });
  const trigger = await prisma.trigger.create({
    data: { workspaceId: foreign.id, workflowId: workflow.id, kind: 'webhook', name: 'Foreign hook' },
  });
  const token = await prisma.apiToken.create({
    data: {
      workspaceId: foreign.id,
      name: 'Foreign token',
      role: 'admin',
      tokenHash: hashToken(randomUUID()),
      prefix: 'cvt_x',
    },
  });
  const invitation = await prisma.invitation.create({
    data: {
      workspaceId: foreign.id,
      email: 'foreign-invitee@example.test',
      role: 'admin',
      tokenHash: hashToken(randomUUID()),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const group = await prisma.reviewGroup.create({ data: { workspaceId: foreign.id, name: 'Foreign group' } });
  foreignIds = {
    membershipId: membership.id,
    memberId: membership.id,
    userId: foreignViewer.id,
    workflowId: workflow.id,
    versionId: version.id,
    workflowVersionId: version.id,
    fromVersionId: version.id,
    toVersionId: version.id,
    runId: run.id,
    stepId: step.id,
    taskId: task.id,
    triggerId: trigger.id,
    tokenId: token.id,
    invitationId: invitation.id,
    groupId: group.id,
  };
  foreignSecrets = [
    foreign.id,
    foreign.slug,
    'Foreign flow',
    'Foreign task',
    'Foreign hook',
    'Foreign token',
    'foreign-invitee',
    foreignViewer.email,
    ...Object.values(foreignIds),
  ];
});
afterAll(async () => t?.drop());

const procedures = listProcedures(appRouter);

describe('role matrix', () => {
  it('finds the procedures and every one declares a known permission', () => {
    expect(procedures.length).toBeGreaterThan(5);
    const undeclared = procedures.filter(
      (p) =>
        !p.meta?.permission ||
        !(p.meta.permission === 'public' || p.meta.permission === 'authenticated' || p.meta.permission in PERMISSIONS),
    );
    expect(undeclared.map((p) => p.path)).toEqual([]);
  });

  it.each(procedures.map((p) => [p.path, p] as const))('%s enforces its permission', async (_path, proc) => {
    if (proc.procedure._def.type === 'subscription') return; // none today; subscriptions use the same bases
    const permission = proc.meta!.permission!;
    const before = await fingerprint(t, foreign.id);
    const failures: string[] = [];

    for (const actor of actors) {
      const input = sampleInput(proc.procedure, { ...foreignIds, workspaceId: home.id });
      const call = () => {
        const caller = callerFor(t.db, actor.user) as unknown as Record<string, unknown>;
        const fn = proc.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller);
        return (fn as (i: unknown) => Promise<unknown>)(input);
      };
      const r = await outcome(call());
      const got = r.ok ? 'ok' : `${r.error.code}${reason(r.error) ? `/${reason(r.error)}` : ''}`;
      const fail = (expected: string) => failures.push(`${actor.label}: expected ${expected}, got ${got}`);

      if (permission === 'public') {
        if (!r.ok && ['UNAUTHORIZED', 'FORBIDDEN'].includes(r.error.code) && reason(r.error) === 'permission_denied')
          fail('no permission refusal');
      } else if (actor.user === null) {
        if (r.ok || r.error.code !== 'UNAUTHORIZED') fail('UNAUTHORIZED');
      } else if (permission === 'authenticated') {
        if (!r.ok && (r.error.code === 'UNAUTHORIZED' || reason(r.error) === 'permission_denied'))
          fail('to get through');
      } else if (actor.role === null) {
        if (r.ok || r.error.code !== 'NOT_FOUND' || reason(r.error) !== 'workspace_not_found')
          fail('NOT_FOUND/workspace_not_found');
      } else {
        const allowed = (PERMISSIONS[permission as Permission] as readonly string[]).includes(actor.role);
        const refused =
          !r.ok &&
          (r.error.code === 'UNAUTHORIZED' ||
            reason(r.error) === 'permission_denied' ||
            reason(r.error) === 'workspace_not_found');
        if (allowed && refused) fail(`${permission} to let ${actor.role} in`);
        if (!allowed && (r.ok || r.error.code !== 'FORBIDDEN' || reason(r.error) !== 'permission_denied'))
          fail('FORBIDDEN/permission_denied');
      }
      // Nothing of the foreign workspace may come back to anyone who is not in it.
      if (r.ok && actor.label !== 'non-member') {
        const text = JSON.stringify(superjson.serialize(r.value).json ?? null);
        const leaked = foreignSecrets.filter((s) => text.includes(s));
        if (leaked.length) failures.push(`${actor.label}: returned foreign data (${leaked.join(', ')})`);
      }

      // Members of ours pointing the call at the foreign workspace itself: not found.
      if (actor.role && permission !== 'public' && permission !== 'authenticated') {
        const direct = await outcome(
          (() => {
            const caller = callerFor(t.db, actor.user) as unknown as Record<string, unknown>;
            const fn = proc.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller);
            return (fn as (i: unknown) => Promise<unknown>)(
              sampleInput(proc.procedure, { ...foreignIds, workspaceId: foreign.id }),
            );
          })(),
        );
        if (direct.ok || direct.error.code !== 'NOT_FOUND')
          failures.push(
            `${actor.label} with the foreign workspaceId: expected NOT_FOUND, got ${direct.ok ? 'ok' : direct.error.code}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(t, foreign.id), 'the foreign workspace changed').toBe(before);
  });
});
