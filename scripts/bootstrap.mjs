#!/usr/bin/env node
// `npm start` and `npm test` land here. It must work on a machine that has only Node and
// npm (any version that runs ESM), so it uses nothing but Node's standard library:
//   1. make sure Node >= 22.12 and pnpm 12.4.2 exist (project-local, in .tools/, from the
//      npm registry — the machine's own Node is never replaced),
//   2. install dependencies from the lockfile,
//   3. hand over to the real command under Node 22.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_VERSION = '22.23.3';
const PNPM_VERSION = '12.4.2';
const TOOLS = path.join(ROOT, '.tools');
const TOOLS_BIN = path.join(TOOLS, 'node_modules', '.bin');

const say = (msg) => process.stdout.write(`[conveyor] ${msg}\n`);
const fail = (msg) => {
  process.stderr.write(`conveyor: ${msg}\n`);
  process.exit(1);
};

function nodeIsRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

function installedVersion(pkg) {
  try {
    return JSON.parse(readFileSync(path.join(TOOLS, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function ensureTools() {
  const needNode = !nodeIsRecentEnough(process.version);
  const missing = installedVersion('pnpm') !== PNPM_VERSION || (needNode && installedVersion('node') !== NODE_VERSION);
  if (!missing) return;
  // Always the whole set in one install: `npm install --prefix` prunes what it is not told
  // about, so installing only the missing tool would remove the other one.
  const wanted = [`pnpm@${PNPM_VERSION}`, ...(needNode ? [`node@${NODE_VERSION}`] : [])];
  say(`installing ${wanted.join(' and ')} into .tools/ (one time)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--prefix', TOOLS, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...wanted],
    {
      stdio: 'inherit',
      cwd: ROOT,
    },
  );
  if (r.status !== 0)
    fail(
      `could not install ${wanted.join(', ')} from the npm registry (npm exited ${r.status}). Check network access to the registry.`,
    );
}

function main() {
  const command = process.argv[2];
  if (!['start', 'test'].includes(command)) fail(`usage: node scripts/bootstrap.mjs start|test`);
  ensureTools();

  const localNode = path.join(TOOLS, 'node_modules', 'node', 'bin', 'node');
  const node = nodeIsRecentEnough(process.version) ? process.execPath : localNode;
  if (!existsSync(node)) fail(`Node ${NODE_VERSION} is missing from .tools/; delete .tools/ and run again.`);
  const env = {
    ...process.env,
    // Node 22 and pnpm first on PATH for every script pnpm runs.
    PATH: [path.dirname(node), TOOLS_BIN, process.env.PATH].join(path.delimiter),
    CHECKPOINT_DISABLE: '1',
    TURBO_TELEMETRY_DISABLED: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    COREPACK_ENABLE_STRICT: '0',
  };
  const pnpm = path.join(TOOLS_BIN, 'pnpm');
  const run = (args, opts = {}) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', cwd: ROOT, env, ...opts });

  const t0 = Date.now();
  const install = run([pnpm, 'install', '--frozen-lockfile', '--reporter=append-only']);
  if (install.status !== 0) fail(`dependency install failed (pnpm exited ${install.status}).`);
  say(`dependencies ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Forward Ctrl-C/TERM to the child and exit with its status.
  const script =
    command === 'start' ? path.join(ROOT, 'scripts', 'start.mjs') : path.join(ROOT, 'scripts', 'run-tests.mjs');
  handOver(node, [script, ...process.argv.slice(3)], env);
}

/** Runs the long-lived command as a child, forwarding signals and its exit status. */
function handOver(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  watchParent(() => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

main();

/** If whoever started us dies (even by SIGKILL), stop the product instead of orphaning it. */
function watchParent(onGone) {
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && onGone(), 1000).unref();
}
