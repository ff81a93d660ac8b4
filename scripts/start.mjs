// `npm start` after bootstrap (Node 22, dependencies installed): build what changed, then
// start the supervised process group (database, web, runner, pools).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stdout.write(`[conveyor] ${msg}\n`);

const t0 = Date.now();
say('building (turbo replays cached builds)…');
const build = spawnSync('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  stdio: 'inherit',
  cwd: ROOT,
});
if (build.status !== 0) {
  process.stderr.write(`conveyor: build failed (see above).\n`);
  process.exit(1);
}
say(`build ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const up = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/runner/src/cli.ts'), 'up'], {
  stdio: 'inherit',
  cwd: path.join(ROOT, 'apps/runner'),
});
// Forward signals so `kill <npm pid>` stops the product cleanly too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => up.kill(signal));
// If npm or the bootstrap above us is killed, stop the product instead of orphaning it.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && up.kill('SIGTERM'), 1000).unref();
up.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
