import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedHandle } from './embedded.ts';

// Real embedded Postgres 17 in a temporary folder on a port of its own.
const port = 55400 + Math.floor(Math.random() * 500);
let dataDir: string;

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-embedded-'));
  // The server runs as user postgres, which must be able to traverse the folder.
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded Postgres', () => {
  let first: EmbeddedHandle;

  it('initialises a cluster, creates the database and answers', async () => {
    first = await startEmbeddedPostgres({ dataDir, port });
    expect(first.owned).toBe(true);
    const rows = await query(first.url, 'SELECT current_database() AS db, version() AS v');
    expect(rows[0].db).toBe('conveyor');
    expect(rows[0].v).toMatch(/PostgreSQL 17/);
  }, 60_000);

  it('reuses a server that already answers, without owning it', async () => {
    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(second.owned).toBe(false);
    expect(second.url).toBe(first.url);
    await first.stop();
  });

  it('recovers from a stale postmaster.pid left by a crash', async () => {
    await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), '999999\n/tmp\n');
    const h = await startEmbeddedPostgres({ dataDir, port });
    expect(h.owned).toBe(true);
    expect((await query(h.url, 'SELECT 1 AS one'))[0].one).toBe(1);
    await h.stop();
  }, 60_000);

  it("outlives a kill of its starter's whole process group, and the next start adopts it", async () => {
    // A separate process (leading its own group, like `npm start` in a terminal) starts the
    // server; its group is killed. The server runs in a group of its own, so it survives.
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.join(import.meta.dirname, 'embedded.ts'))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const h = await startEmbeddedPostgres({ dataDir, port });
    // Its starter is dead: this start adopts the server and stops it when done.
    expect(h.owned).toBe(true);
    expect((await query(h.url, 'SELECT 1 AS one'))[0].one).toBe(1);
    const pid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    await h.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);

  it('says what to do when the port belongs to another program', async () => {
    const blocker = net.createServer((s) => s.destroy());
    const busy = port + 1;
    await new Promise<void>((r) => blocker.listen(busy, '127.0.0.1', r));
    try {
      await expect(startEmbeddedPostgres({ dataDir, port: busy })).rejects.toThrow(
        new RegExp(`Port ${busy} is taken by another program.*CONVEYOR_PG_PORT.*DATABASE_URL`),
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses a data folder that is not a Postgres cluster, and deletes nothing', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'conveyor-corrupt-'));
    await chmod(other, 0o755);
    await mkdir(path.join(other, 'pg'));
    await writeFile(path.join(other, 'pg', 'precious.txt'), 'keep me');
    await expect(startEmbeddedPostgres({ dataDir: other, port: port + 2 })).rejects.toThrow(
      /not a Postgres data folder/,
    );
    expect(await readFile(path.join(other, 'pg', 'precious.txt'), 'utf8')).toBe('keep me');
    await rm(other, { recursive: true, force: true });
  });
});
