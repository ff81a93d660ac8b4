import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { Prisma } from '@prisma/client';

// The committed migrations must produce every table and column the Prisma schema (and so
// the generated client) expects; a schema edit without a migration fails here.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

it('has a column for every field of every model', async () => {
  const { rows } = await t.db.pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const missing: string[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const column = field.dbName ?? field.name;
      if (!columns.has(`${table}.${column}`)) missing.push(`${table}.${column}`);
    }
  }
  expect(missing).toEqual([]);
  expect(Prisma.dmmf.datamodel.models.length).toBeGreaterThan(20);
});
