import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '@conveyor/db';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { ROOT, freePort, healthy, killGroup, portIsFree, startUp, waitFor, type Started } from './start-process.ts';

// The product's start command as a user runs it: real Postgres, the built web app, the
// runner and a pool; then crashes (SIGKILL) and restarts, and a clean Ctrl-C.
const built = existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID'));
const running: Started[] = [];
let dataDir: string;

beforeAll(async () => {
  if (!built) throw new Error('apps/web is not built: run `pnpm build` first (npm test does)');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-start-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  for (const s of running) killGroup(s.child, 'SIGKILL');
  // Embedded Postgres runs in a process group of its own: a failed test may leave it up.
  const pid = await readFile(path.join(dataDir, 'embedded/pg/postmaster.pid'), 'utf8').catch(() => '');
  const postmaster = Number(pid.split('\n')[0]);
  if (postmaster > 0) {
    try {
      process.kill(-postmaster, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string | undefined>) {
  const s = startUp({ CONVEYOR_HEARTBEAT_MS: '500', CONVEYOR_DATA_DIR: dataDir, ...env });
  running.push(s);
  return s;
}

describe('npm start (conveyor-runner up) on DATABASE_URL', () => {
  let t: TestDatabase;
  let port: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    port = await freePort();
  });
  afterAll(async () => t?.drop());

  it('serves the sign-in page and a healthy /api/health, and prints the admin once', async () => {
    const s = start({ DATABASE_URL: t.url, PORT: String(port) });
    const h = await waitFor('health 200', healthy(port), 90_000, s.output);
    expect(h.body.status).toBe('ok');
    const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in');
    expect(s.output()).toMatch(/demo admin created — sign in with {2}admin@conveyor\.local {2}\/ {2}\S{16}/);
    expect(s.output()).toMatch(/\[web\]/);
    expect(s.output()).toMatch(/\[runner\].*runner started/);
    expect(s.output()).toMatch(/\[pool:cpu\].*pool started/);
    expect(s.output()).toMatch(/demo reviewer created — reviewer@conveyor\.local {2}\/ {2}\S{16}/);
    // Webhooks are answered on the same port (serve-web.ts routes them past Next's router).
    const unknown = await fetch(`http://127.0.0.1:${port}/api/hooks/00000000-0000-4000-8000-000000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const trigger = await t.db.prisma.trigger.findFirstOrThrow({ where: { kind: 'webhook' } });
    const unsigned = await fetch(`http://127.0.0.1:${port}/api/hooks/${trigger.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"claimId":"C-1"}',
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { type: string }).type).toMatch(/signature-missing$/);
  }, 120_000);

  it('seeds a published workflow and processes the demo claims into runs and review tasks', async () => {
    const s = running[0]!;
    const ws = await t.db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    const wf = await t.db.prisma.workflow.findFirstOrThrow({
      where: { workspaceId: ws.id, templateKey: 'warranty-triage' },
      include: { versions: true, triggers: true },
    });
    expect(wf.versions.map((v) => [v.version, v.published])).toEqual([[1, true]]);
    expect(wf.versions[0]!.note).not.toBe('');
    expect(wf.triggers.map((x) => x.kind)).toEqual(['webhook']);
    const roles = await t.db.prisma.membership.findMany({ where: { workspaceId: ws.id }, select: { role: true } });
    expect(roles.map((r) => r.role).sort()).toEqual(['editor', 'owner', 'reviewer', 'viewer']);
    // Every claim goes through the real models; the rule parks the uncertain ones for a reviewer.
    const settled = await waitFor(
      'demo claims processed',
      async () => {
        const runs = await t.db.prisma.run.findMany({ where: { workspaceId: ws.id }, select: { status: true } });
        return runs.length === 8 && runs.every((r) => !['queued', 'running'].includes(r.status)) ? runs : undefined;
      },
      240_000,
      s.output,
    );
    expect(settled.filter((r) => r.status === 'waiting').length).toBeGreaterThan(0);
    const open = await t.db.prisma.humanTask.findMany({
      where: { workspaceId: ws.id, status: 'open' },
      include: { group: true },
    });
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((task) => task.group?.name === 'warranty-reviewers')).toBe(true);
    // The models really scored the photos: the rule sent faint defects to review and the
    // clean and badly exposed photos to "ask for more evidence".
    const triage = await t.db.prisma.step.findMany({
      where: { run: { workspaceId: ws.id }, nodeId: 'triage', status: 'succeeded' },
      select: { outputs: true },
    });
    const routes = triage.map((x) => Object.keys(x.outputs as object)[0]);
    expect(routes).toContain('review');
    expect(routes).toContain('more-info');
    expect(s.output()).toMatch(/demo claims: submitted 8 sample warranty claims/);
    // The demo's webhooks reach the web app's stand-in claims system: no run fails at delivery.
    expect(settled.filter((r) => r.status === 'failed')).toEqual([]);
    const asked = await t.db.prisma.step.findMany({
      // Steps exist from the start (pending); only the "more info" runs reached this one.
      where: { run: { workspaceId: ws.id }, nodeId: 'request-evidence', status: { notIn: ['pending', 'skipped'] } },
      select: { status: true, outputs: true },
    });
    expect(asked.length).toBeGreaterThan(0);
    for (const step of asked) {
      expect(step.status).toBe('succeeded');
      expect(JSON.stringify(step.outputs)).toContain('"received":true');
    }
    expect(s.output()).toMatch(/demo claims system: received \/hooks\/conveyor\/evidence-request for run/);
  }, 260_000);

  it("delivers a reviewer's decision to the demo claims system", async () => {
    const s = running[0]!;
    const ws = await t.db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    const reviewer = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'reviewer@conveyor.local' } });
    const token = randomToken('cvy');
    await t.db.prisma.apiToken.create({
      data: {
        workspaceId: ws.id,
        name: 'start test',
        role: 'reviewer',
        tokenHash: hashToken(token),
        prefix: token.slice(0, 8),
        createdById: reviewer.id,
      },
    });
    const task = await t.db.prisma.humanTask.findFirstOrThrow({ where: { workspaceId: ws.id, status: 'open' } });
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/${task.id}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve', comment: 'Defect visible on the photos' }),
    });
    // On failure, say why: the answer and what the web process logged about it.
    const webLog = () =>
      s
        .output()
        .split('\n')
        .filter((l) => l.includes('[web]'))
        .slice(-30)
        .join('\n');
    expect(res.status, `${await res.clone().text()}\n${res.status === 200 ? '' : webLog()}`).toBe(200);
    const run = await waitFor(
      'decided run finished',
      async () => {
        const r = await t.db.prisma.run.findUniqueOrThrow({ where: { id: task.runId } });
        return ['succeeded', 'failed', 'canceled'].includes(r.status) ? r : undefined;
      },
      60_000,
      s.output,
    );
    expect(run.status).toBe('succeeded');
    const sent = await t.db.prisma.step.findFirstOrThrow({ where: { runId: run.id, nodeId: 'send-decision' } });
    expect(JSON.stringify(sent.outputs)).toContain('"received":true');
    expect(s.output()).toContain(`demo claims system: received /hooks/conveyor/decision for run ${run.id}`);
  }, 90_000);

  it('refuses a second start from the same folder with one line', async () => {
    const second = start({ DATABASE_URL: t.url, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toMatch(/^conveyor: Conveyor is already running from this folder \(pid \d+\)/);
  }, 30_000);

  it('recovers after the supervisor is killed with SIGKILL', async () => {
    const first = running[0]!;
    first.child.kill('SIGKILL');
    await first.exited;
    // Its children notice the supervisor is gone and stop, freeing the port.
    await waitFor('port freed', async () => ((await portIsFree(port)) ? true : undefined), 30_000);
    const again = start({ DATABASE_URL: t.url, PORT: String(port) });
    await waitFor('health 200 after restart', healthy(port), 90_000, again.output);
    expect(again.output()).not.toMatch(/demo admin created/);
    const users = await t.db.prisma.user.count();
    expect(users).toBe(4);
    // Demo claims go into a workspace only once.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await t.db.prisma.run.count()).toBe(8);
    expect(again.output()).not.toMatch(/demo claims: submitted/);
  }, 150_000);

  it('stops cleanly on Ctrl-C', async () => {
    const s = running.at(-1)!;
    killGroup(s.child, 'SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/stopped cleanly/);
    expect(await portIsFree(port)).toBe(true);
    // Nothing of ours is left running. (A process reaped with SIGKILL after the earlier
    // crash may leave a heartbeat row; it goes stale and health ignores it.)
    const beats = await t.db.prisma.workerHeartbeat.findMany();
    const stillRunning = beats.filter((b) => {
      try {
        process.kill(b.pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(stillRunning.map((b) => `${b.kind} ${b.pid}`)).toEqual([]);
  }, 60_000);
});

describe('npm start on the embedded database', () => {
  it('starts embedded Postgres, survives kill -9 of the whole group, and restarts', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const env = {
      PORT: String(port),
      CONVEYOR_PG_PORT: String(pgPort),
      CONVEYOR_DATA_DIR: path.join(dataDir, 'embedded'),
      CONVEYOR_DEMO_CLAIMS: '0',
    };
    const s = start(env);
    await waitFor('health 200 (embedded)', healthy(port), 120_000, s.output);
    expect(s.output()).toMatch(/embedded Postgres on port/);
    expect(s.output()).not.toMatch(/demo claims: submitted/);
    // Everything of `up`'s group dies at once. Postgres runs in a group of its own (so a
    // Ctrl-C in the terminal does not stop it before the processes that use it): it
    // survives, and the next start adopts it and stops it on Ctrl-C.
    killGroup(s.child, 'SIGKILL');
    await s.exited;
    await waitFor('port freed', async () => ((await portIsFree(port)) ? true : undefined), 30_000);
    const again = start(env);
    await waitFor('health 200 after kill -9', healthy(port), 120_000, again.output);
    expect(again.output()).toMatch(/reusing embedded Postgres left running/);
    killGroup(again.child, 'SIGINT');
    expect(await again.exited).toBe(0);
    expect(await portIsFree(pgPort)).toBe(true);
    // Stopped last and in order: no child saw its database vanish.
    expect(again.output()).not.toMatch(/Unhandled 'error' event|terminating connection|at .*\(.*\.ts:\d+:\d+\)/);
  }, 300_000);
});

describe('bad start-up input', () => {
  it('an unreachable DATABASE_URL is one line and a non-zero exit', async () => {
    const s = start({
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      PORT: String(await freePort()),
      CONVEYOR_DATA_DIR: path.join(dataDir, 'bad1'),
    });
    expect(await s.exited).toBe(1);
    expect(s.output().trim()).toMatch(
      /^conveyor: Cannot reach DATABASE_URL \(postgresql:\/\/nobody@127\.0\.0\.1:1\/none\).*unset DATABASE_URL/,
    );
    expect(s.output().trim().split('\n')).toHaveLength(1);
  }, 30_000);

  it('a taken port is one line and a non-zero exit', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '0.0.0.0', r));
    try {
      const s = start({
        DATABASE_URL: 'postgresql://unused@127.0.0.1:1/x',
        PORT: String(port),
        CONVEYOR_DATA_DIR: path.join(dataDir, 'bad2'),
      });
      expect(await s.exited).toBe(1);
      expect(s.output().trim()).toBe(
        `conveyor: Port ${port} is already in use, so the web app cannot listen. Stop the other program or set PORT to a free port.`,
      );
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('a malformed environment variable names the variable', async () => {
    const s = start({ PORT: 'eighty', CONVEYOR_DATA_DIR: path.join(dataDir, 'bad3') });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/Invalid environment: PORT/);
  }, 30_000);
});
