import { existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDb, parseSecretKey, seedDemoWorkspace, seedModels, type DemoTemplate } from '@conveyor/db';
import { DEFAULT_MODELS } from '@conveyor/inference';
import { resolveDatabase } from '@conveyor/db/bootstrap';
import { validateGraph } from '@conveyor/engine';
import { sha256Json } from '@conveyor/engine/server';
import { nodeCatalog, templates } from '@conveyor/nodes';
import { REPO_ROOT, inheritedEnv, type RunnerEnv } from '../env.ts';
import { acquireInstanceLock } from '../supervisor/instance-lock.ts';
import { assertPortFree } from '../supervisor/port.ts';
import { superviseChild, type ChildSpec, type SupervisedChild } from '../supervisor/child-process.ts';
import { resolveSecretKey } from '../secret-key.ts';
import { onShutdown } from '../shutdown.ts';
import { reapOrphans, recordChildren } from '../supervisor/orphans.ts';

const say = (msg: string) => process.stdout.write(`[conveyor] ${msg}\n`);

/**
 * `npm start`: one supervised process group — database (embedded unless DATABASE_URL),
 * migrations, demo seed, then web + runner + pools with prefixed logs and a clean Ctrl-C.
 */
export async function up(env: RunnerEnv) {
  const t0 = Date.now();
  await mkdir(env.CONVEYOR_DATA_DIR, { recursive: true });
  const releaseLock = acquireInstanceLock(path.join(env.CONVEYOR_DATA_DIR, 'conveyor.pid'));
  const childrenFile = path.join(env.CONVEYOR_DATA_DIR, 'children.json');
  let stopDb: () => Promise<void> = async () => {};
  try {
    await reapOrphans(childrenFile, say);
    await assertPortFree(env.PORT, env.HOSTNAME, 'the web app');
    const database = await resolveDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.CONVEYOR_DATA_DIR,
      embeddedPort: env.CONVEYOR_PG_PORT,
      // Postgres' own chatter stays out of the way; what a person must see still shows.
      log: (line) => (isWorthShowing(line) ? say(`postgres: ${line}`) : undefined),
    });
    if (database.embedded?.owned) stopDb = () => database.embedded!.stop();
    say(
      database.embedded
        ? `embedded Postgres on port ${env.CONVEYOR_PG_PORT} (data in ${env.CONVEYOR_DATA_DIR}/pg)`
        : 'using DATABASE_URL',
    );
    const secretKey = await resolveSecretKey(env.CONVEYOR_SECRET_KEY, env.CONVEYOR_DATA_DIR);
    const webUrl = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
    await seed(env, database.url, secretKey, webUrl);

    const childEnv: NodeJS.ProcessEnv = {
      ...inheritedEnv(),
      DATABASE_URL: database.url,
      CONVEYOR_SECRET_KEY: secretKey,
      CONVEYOR_DATA_DIR: env.CONVEYOR_DATA_DIR,
      PORT: String(env.PORT),
      HOSTNAME: env.HOSTNAME,
      NEXTAUTH_URL: webUrl,
      // The demo's webhooks go to the web app's own stand-in claims system; outbound HTTP
      // refuses loopback unless the exact host:port is allow-listed.
      CONVEYOR_OUTBOUND_ALLOW: [env.CONVEYOR_OUTBOUND_ALLOW, new URL(webUrl).host].filter(Boolean).join(','),
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      CONVEYOR_SUPERVISED: '1',
    };
    const runnerDir = path.join(REPO_ROOT, 'apps/runner');
    const cli = path.join(runnerDir, 'src/cli.ts');
    const tsx = (args: string[]): Pick<ChildSpec, 'command' | 'args' | 'cwd'> => ({
      command: process.execPath,
      args: ['--import', 'tsx', cli, ...args],
      cwd: runnerDir,
    });
    const webDir = path.join(REPO_ROOT, 'apps/web');
    const pools = env.CONVEYOR_POOLS.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const specs: ChildSpec[] = [
      {
        // Next's production server with signed webhooks routed straight to their handler
        // (apps/web/src/server/http/serve-web.ts); tsx and the web's tsconfig from its folder.
        name: 'web',
        command: process.execPath,
        args: [
          '--import',
          'tsx',
          'src/server/http/serve-web.ts',
          '--port',
          String(env.PORT),
          '--hostname',
          env.HOSTNAME,
        ],
        cwd: webDir,
        env: childEnv,
      },
      { name: 'runner', ...tsx(['orchestrate']), env: childEnv },
      ...pools.map((p) => ({ name: `pool:${p}`, ...tsx(['pool', '--name', p]), env: childEnv })),
    ];
    const width = Math.max(...specs.map((s) => s.name.length), 'conveyor'.length);
    const children: SupervisedChild[] = [];
    const stopAll = async () => {
      await Promise.all(children.map((c) => c.stop(25_000)));
      await stopDb();
      releaseLock();
    };
    const record = () =>
      recordChildren(
        childrenFile,
        children.map((c) => c.pid()).filter((p): p is number => !!p),
      );
    for (const spec of specs) {
      children.push(
        superviseChild(
          spec,
          width,
          say,
          (reason) => {
            say(`giving up: ${reason}`);
            stopAll().finally(() => process.exit(1));
          },
          () => setImmediate(record),
        ),
      );
    }
    onShutdown(async (signal) => {
      say(`${signal}: stopping web, runner and pools…`);
      await stopAll();
      say('stopped cleanly');
    }, say);
    say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s → http://localhost:${env.PORT}  (health: /api/health)`);
  } catch (error) {
    await stopDb().catch(() => {});
    releaseLock();
    throw error;
  }
}

/**
 * What the demo publishes as version 1 of each template: the validated graph and its hash,
 * with the template's placeholder claims-system URLs pointed at the web app's own stand-in
 * (`<webUrl>/api/demo/claims-system/…`), so the demo delivers its webhooks somewhere real.
 */
export function demoTemplates(webUrl: string): DemoTemplate[] {
  return templates.map((template) => {
    const t = { ...template, graph: pointAtDemoClaimsSystem(template.graph, webUrl) };
    const validation = validateGraph(t.graph, nodeCatalog);
    // A template that does not validate is a bug in packages/nodes: say so at start.
    if (!validation.ok || !validation.graph)
      throw new Error(`Template ${t.key} does not validate: ${validation.issues.map((i) => i.message).join('; ')}`);
    return {
      ...t,
      publish: {
        graph: validation.graph,
        graphHash: sha256Json(validation.graph),
        note: 'Version 1 from the template: approve clear defects, review uncertain claims, ask for more evidence.',
      },
      reviewGroup: humanTaskGroups(validation.graph.nodes)[0],
      webhookCredential: webhookSecrets(validation.graph.nodes)[0],
    };
  });
}

type GraphNode = { type: string; config?: unknown };
const configString = (n: GraphNode, key: string) => {
  const value = (n.config as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' && value ? value : undefined;
};
const humanTaskGroups = (nodes: GraphNode[]) =>
  nodes.filter((n) => n.type === 'human-task').flatMap((n) => configString(n, 'group') ?? []);
const webhookSecrets = (nodes: GraphNode[]) =>
  nodes.filter((n) => n.type === 'webhook').flatMap((n) => configString(n, 'secret') ?? []);

const PLACEHOLDER_HOST = 'claims.example.com';

/** The graph with every webhook / evidence-request URL on the placeholder host moved to the demo receiver. */
export function pointAtDemoClaimsSystem<G>(graph: G, webUrl: string): G {
  const base = new URL('/api/demo/claims-system', webUrl).toString();
  const move = (value: unknown) => {
    if (typeof value !== 'string') return value;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return value;
    }
    return url.hostname === PLACEHOLDER_HOST ? `${base}${url.pathname}${url.search}` : value;
  };
  const copy = structuredClone(graph) as { nodes?: { type: string; config?: Record<string, unknown> }[] };
  for (const node of copy.nodes ?? []) {
    const config = node.config;
    if (!config) continue;
    if (node.type === 'webhook') config.url = move(config.url);
    const evidence = config.evidenceRequest as Record<string, unknown> | undefined;
    if (node.type === 'human-task' && evidence && typeof evidence === 'object') evidence.url = move(evidence.url);
  }
  return copy as G;
}

async function seed(env: RunnerEnv, url: string, secretKey: string, webUrl: string) {
  const db = createDb({ url, max: 2, applicationName: 'conveyor-seed' });
  try {
    await seedModels(db, DEFAULT_MODELS);
    const result = await seedDemoWorkspace(db, {
      adminEmail: env.CONVEYOR_ADMIN_EMAIL,
      adminPassword: env.CONVEYOR_ADMIN_PASSWORD,
      templates: demoTemplates(webUrl),
      secretKey: parseSecretKey(secretKey),
    });
    if (result.newUsers.length > 0 || result.newTrigger) {
      const file = path.join(env.CONVEYOR_DATA_DIR, 'admin-credentials.txt');
      // Appended: a user added by a later version of the seed joins the ones printed before.
      const lines = [
        ...result.newUsers.map((u) => `${u.role.padEnd(8)} ${u.email}  ${u.password}`),
        ...(result.newTrigger
          ? [`webhook  POST /api/hooks/${result.newTrigger.id}  signing secret ${result.newTrigger.secret}`]
          : []),
      ];
      const header = existsSync(file)
        ? ''
        : '# Conveyor demo workspace (/w/demo): role, email, password — change them after signing in\n';
      await appendFile(file, `${header}${lines.join('\n')}\n`, { mode: 0o600 });
      const admin = result.newUsers.find((u) => u.role === 'owner');
      say('────────────────────────────────────────────────────────────');
      if (admin) say(`demo admin created — sign in with  ${admin.email}  /  ${admin.password}`);
      for (const u of result.newUsers.filter((x) => x !== admin))
        say(`demo ${u.role} created — ${u.email}  /  ${u.password}`);
      if (result.newTrigger)
        say(`webhook trigger "${result.newTrigger.name}" created (its secret is in the file below)`);
      say(`(shown once; also saved to ${file} — change the passwords after signing in)`);
      say('────────────────────────────────────────────────────────────');
    }
  } finally {
    await db.close();
  }
}

/** Postgres lines a person should see: real failures and our own start-up notes. */
function isWorthShowing(line: string): boolean {
  if (/terminating connection due to administrator command|the database system is shutting down/.test(line))
    return false;
  return /FATAL|PANIC|initialising|applied migrations|reusing|stale/.test(line);
}
