import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { createDb, type Db } from './client.ts';

// Statement names are global to the process (preparing-client.ts), so each test sends
// texts of its own: a fresh uuid in a comment makes a new text for Postgres and for us.
const text = (label: string) => `SELECT $1::int + 1 AS n /* ${label} ${randomUUID()} */`;

let t: TestDatabase;
const dbs: Db[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const db of dbs) await db.close();
  await t?.drop();
});

const open = (prepare?: boolean) => {
  const db = createDb({ url: t.url, max: 2, ...(prepare === undefined ? {} : { prepare }) });
  dbs.push(db);
  return db;
};

/** What this connection has prepared (pg_prepared_statements is per session). */
async function prepared(client: pg.PoolClient, statement: string) {
  const { rows } = await client.query<{ name: string; statement: string }>(
    'SELECT name, statement FROM pg_prepared_statements',
  );
  return rows.filter((r) => r.statement === statement);
}

describe('PreparingClient through createDb', () => {
  it('prepares a parameterised text sent repeatedly, once per connection, with correct results', async () => {
    const db = open();
    const q = text('hot');
    const a = await db.pool.connect();
    const b = await db.pool.connect();
    try {
      for (let i = 0; i < 5; i++) {
        const { rows } = await a.query<{ n: number }>(q, [i]);
        expect(rows).toEqual([{ n: i + 1 }]);
      }
      const onA = await prepared(a, q);
      expect(onA).toHaveLength(1);
      expect(onA[0]!.name).toMatch(/^cv_\d+$/);

      // The name is the process's: another connection prepares it on first use there.
      expect(await prepared(b, q)).toEqual([]);
      const { rows } = await b.query<{ n: number }>(q, [41]);
      expect(rows).toEqual([{ n: 42 }]);
      expect(await prepared(b, q)).toEqual([{ name: onA[0]!.name, statement: q }]);
    } finally {
      a.release();
      b.release();
    }
  });

  it('never prepares a text sent without values', async () => {
    const db = open();
    const bare = `SELECT 1 AS n /* bare ${randomUUID()} */`;
    const empty = `SELECT 2 AS n /* empty ${randomUUID()} */`;
    const client = await db.pool.connect();
    try {
      for (let i = 0; i < 5; i++) {
        await client.query(bare);
        await client.query(empty, []);
      }
      expect(await prepared(client, bare)).toEqual([]);
      expect(await prepared(client, empty)).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('prepares nothing with prepare: false', async () => {
    const db = open(false);
    const q = text('off');
    const client = await db.pool.connect();
    try {
      for (let i = 0; i < 5; i++) await client.query(q, [i]);
      const { rows } = await client.query('SELECT name, statement FROM pg_prepared_statements');
      expect(rows).toEqual([]);
    } finally {
      client.release();
    }
  });
});

describe('PreparingClient when things go wrong', () => {
  it('a name first prepared in a transaction that rolls back still works on that connection', async () => {
    const db = open();
    const q = text('rollback');
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (let i = 0; i < 3; i++) await client.query(q, [i]);
      await client.query('ROLLBACK');
      const { rows } = await client.query<{ n: number }>(q, [7]);
      expect(rows).toEqual([{ n: 8 }]);
    } finally {
      client.release();
    }
  });

  it('a naming send refused by an aborted transaction does not leave the connection thinking it is prepared', async () => {
    const db = open();
    const q = text('aborted');
    const client = await db.pool.connect();
    try {
      await client.query(q, [1]);
      await client.query(q, [2]);
      await client.query('BEGIN');
      await expect(client.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      // The third send is the first with a name: its Parse is refused.
      await expect(client.query(q, [3])).rejects.toThrow(/aborted/);
      await client.query('ROLLBACK');
      const { rows } = await client.query<{ n: number }>(q, [4]);
      expect(rows).toEqual([{ n: 5 }]);
      expect(await prepared(client, q)).toHaveLength(1);
    } finally {
      client.release();
    }
  });

  it('a named statement whose execution fails stays usable', async () => {
    const db = open();
    const q = `SELECT 10 / $1::int AS n /* fails ${randomUUID()} */`;
    const client = await db.pool.connect();
    try {
      await client.query(q, [1]);
      await client.query(q, [2]);
      await expect(client.query(q, [0])).rejects.toThrow(/division by zero/);
      const { rows } = await client.query<{ n: number }>(q, [5]);
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      client.release();
    }
  });
});
