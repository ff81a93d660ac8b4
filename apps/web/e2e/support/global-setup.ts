import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '@conveyor/db';
import { addMember, createMember, createWorkspace } from '@conveyor/db/factories';
import { ensureTemplate, startTestServer, withDatabase } from '@conveyor/testing/server';
import { startOidcStub } from './oidc-stub';
import { E2E_ROLES, STATE_ENV, type E2EState, type E2EUser } from './roles';

const WEB_DIR = path.resolve(import.meta.dirname, '../..');
const REPO_ROOT = path.resolve(WEB_DIR, '../..');
const ARTIFACTS = path.join(WEB_DIR, 'e2e/artifacts');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, up: ChildProcess, timeoutMs: number, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (up.exitCode !== null) throw new Error(`conveyor-runner up exited (${up.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not become healthy in ${timeoutMs / 1000} s (last: ${last}):\n${log()}`);
}

/**
 * Starts the real product for the tests: a fresh database cloned from the migrated
 * template on the test server (TEST_DATABASE_URL, or the embedded test Postgres), then
 * `conveyor-runner up` — the same supervisor `npm start` runs — on a free port with its
 * own data folder and a known admin password. Seeds one user per role in the demo
 * workspace. Returns the teardown.
 */
export default async function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error(`Chromium not found at ${chromium} (apt-get install chromium)`);
  // CONVEYOR_WEB_DIST_DIR (next.config.ts) reaches `next start` through `up`'s environment.
  const distDir = process.env.CONVEYOR_WEB_DIST_DIR ?? '.next';
  if (!existsSync(path.join(WEB_DIR, distDir, 'BUILD_ID'))) {
    throw new Error(
      `The web app is not built in ${distDir}: run \`pnpm --filter @conveyor/web build\` first (npm test does)`,
    );
  }
  await mkdir(ARTIFACTS, { recursive: true });

  const { adminUrl, embedded } = await startTestServer();
  const template = await ensureTemplate(adminUrl);
  const dbName = `conveyor_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, dbName);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-e2e-'));
  const adminUser: E2EUser = {
    email: 'admin@e2e.test',
    password: `admin-${randomBytes(6).toString('hex')}`,
    name: 'Demo admin',
  };

  // The identity provider at the network edge, so the OIDC sign-in runs for real.
  const oidc = await startOidcStub();

  let output = '';
  const up = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'up'], {
    cwd: path.join(REPO_ROOT, 'apps/runner'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NEXTAUTH_URL: baseUrl,
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_SECRET_KEY: randomBytes(32).toString('hex'),
      CONVEYOR_ADMIN_EMAIL: adminUser.email,
      CONVEYOR_ADMIN_PASSWORD: adminUser.password,
      CONVEYOR_POOLS: process.env.CONVEYOR_E2E_POOLS ?? 'cpu',
      CONVEYOR_OIDC_ISSUER: oidc.issuer,
      CONVEYOR_OIDC_CLIENT_ID: oidc.clientId,
      CONVEYOR_OIDC_CLIENT_SECRET: oidc.clientSecret,
      CONVEYOR_OIDC_NAME: 'Test IdP',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.CONVEYOR_E2E_VERBOSE) process.stdout.write(chunk);
  };
  up.stdout!.on('data', keep);
  up.stderr!.on('data', keep);

  const stop = async () => {
    if (up.exitCode === null) {
      const exited = new Promise((r) => up.once('exit', r));
      up.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (up.exitCode === null) up.kill('SIGKILL');
    }
    await writeFile(path.join(ARTIFACTS, 'server.log'), output).catch(() => {});
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await a.end();
    await rm(dataDir, { recursive: true, force: true });
    await oidc.close();
    await embedded?.stop();
  };

  try {
    await waitForHealth(baseUrl, up, 180_000, () => output);

    const db = createDb({ url: databaseUrl, max: 2, applicationName: 'conveyor-e2e-seed' });
    try {
      const demo = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
      const run = randomBytes(3).toString('hex');
      const users = {} as E2EState['users'];
      for (const role of E2E_ROLES) {
        const user: E2EUser = {
          email: `${role}-${run}@e2e.test`,
          password: `pw-${role}-${randomBytes(6).toString('hex')}`,
          name: `${role[0]!.toUpperCase()}${role.slice(1)} Tester`,
        };
        await createMember(db, demo.id, role, user);
        users[role] = user;
      }
      const owner = await db.prisma.user.findUniqueOrThrow({ where: { email: users.owner.email } });
      const other = await createWorkspace(db, { slug: `second-${run}`, name: 'Northwind Returns' });
      await addMember(db, other.id, owner.id, 'owner');

      const state: E2EState = {
        baseUrl,
        databaseUrl,
        dataDir,
        demoWorkspace: { id: demo.id, slug: demo.slug, name: demo.name },
        otherWorkspace: { id: other.id, slug: other.slug, name: other.name },
        admin: adminUser,
        users,
      };
      // Workers inherit the environment the global setup leaves behind.
      process.env[STATE_ENV] = JSON.stringify(state);
      process.env.E2E_BASE_URL = baseUrl;
    } finally {
      await db.close();
    }
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return stop;
}
