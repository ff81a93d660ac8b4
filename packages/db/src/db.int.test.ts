import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { createMember, createWorkflow, createWorkspace } from './factories.ts';
import { seedDemoWorkspace } from './seed/demo.ts';
import { verifyPassword } from './password.ts';
import { withTransaction } from './transaction.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('schema', () => {
  it('has every core table, migrated through Prisma-compatible bookkeeping', async () => {
    const { rows } = await t.db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    const tables = rows.map((r) => r.table_name);
    for (const name of [
      'workspaces',
      'users',
      'memberships',
      'accounts',
      'sessions',
      'verification_tokens',
      'workflows',
      'workflow_versions',
      'triggers',
      'runs',
      'steps',
      'step_attempts',
      'human_tasks',
      'decisions',
      'labels',
      'audit_events',
      'models',
      'model_versions',
      'pools',
      'media_objects',
      'api_tokens',
      'credentials',
      'worker_heartbeats',
      '_prisma_migrations',
    ]) {
      expect(tables).toContain(name);
    }
    const migrations = await t.db.pool.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`,
    );
    expect(migrations.rowCount).toBeGreaterThanOrEqual(2);
  });

  it('indexes the hot paths', async () => {
    const { rows } = await t.db.pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const defs = rows.map((r) => r.indexdef).join('\n');
    expect(defs).toMatch(/ON public\.human_tasks USING btree \(workspace_id, group_id, status, due_at\)/);
    expect(defs).toMatch(/ON public\.runs USING btree \(workflow_id, status, created_at DESC\)/);
    expect(defs).toMatch(/ON public\.steps USING btree \(run_id, status\)/);
  });

  it('keeps the audit log append-only', async () => {
    const ws = await createWorkspace(t.db);
    await t.db.pool.query(
      `INSERT INTO audit_events (workspace_id, actor_type, action, subject_type, subject_id, hash) VALUES ($1, 'system', 'test', 'x', '1', 'h')`,
      [ws.id],
    );
    await expect(t.db.pool.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    // Deleting a whole workspace is the one allowed removal, and only when said so.
    await withTransaction(t.db, async (c) => {
      await c.query(`SET LOCAL conveyor.allow_audit_delete = 'on'`);
      await c.query(`DELETE FROM workspaces WHERE id = $1`, [ws.id]);
    });
    const left = await t.db.pool.query(`SELECT 1 FROM audit_events WHERE workspace_id = $1`, [ws.id]);
    expect(left.rowCount).toBe(0);
  });

  it('rolls a transaction back whole', async () => {
    const ws = await createWorkspace(t.db);
    await expect(
      withTransaction(t.db, async (c) => {
        await c.query(`UPDATE workspaces SET name = 'changed' WHERE id = $1`, [ws.id]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await t.db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(row.name).toBe(ws.name);
  });

  it('enforces one membership per user and workspace, and immutable version numbers', async () => {
    const ws = await createWorkspace(t.db);
    const user = await createMember(t.db, ws.id, 'editor');
    await expect(
      t.db.prisma.membership.create({ data: { workspaceId: ws.id, userId: user.id, role: 'viewer' } }),
    ).rejects.toThrow();
    const wf = await createWorkflow(t.db, { workspaceId: ws.id });
    await t.db.prisma.workflowVersion.create({ data: { workflowId: wf.id, version: 1, graph: {}, graphHash: 'a' } });
    await expect(
      t.db.prisma.workflowVersion.create({ data: { workflowId: wf.id, version: 1, graph: {}, graphHash: 'b' } }),
    ).rejects.toThrow();
  });
});

describe('demo seed', () => {
  const templates = [
    { key: 'warranty-triage', name: 'Warranty triage', description: 'd', graph: { nodes: [], edges: [] } },
  ];

  it('creates the workspace, an owner with a random password, and the templates — once', async () => {
    const first = await seedDemoWorkspace(t.db, { adminEmail: 'admin@demo.test', templates });
    expect(first.created).toBe(true);
    expect(first.adminCredentials?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@demo.test' } });
    expect(await verifyPassword(first.adminCredentials!.password, user.passwordHash!)).toBe(true);

    const second = await seedDemoWorkspace(t.db, { adminEmail: 'admin@demo.test', templates });
    expect(second.created).toBe(false);
    expect(second.adminCredentials).toBeNull();
    expect(await t.db.prisma.workflow.count({ where: { workspaceId: first.workspaceId } })).toBe(1);
    const membership = await t.db.prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(membership.role).toBe('owner');
  });
});
