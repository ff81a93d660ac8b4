// `npm test` after bootstrap: every check in order — typecheck, lint (ESLint, Prettier,
// import rules), unit, integration, end-to-end — then one summary line that CI reads:
// `N passed, N failed`. Typecheck and lint count as one check per package/tool.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'artifacts', 'test-results');
mkdirSync(OUT, { recursive: true });

const only = process.argv.slice(2);
const results = [];
const t0 = Date.now();

function stage(name, fn) {
  if (only.length && !only.includes(name)) return;
  const started = Date.now();
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const r = fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ...r, seconds });
  process.stdout.write(`━━ ${name}: ${r.passed} passed, ${r.failed} failed (${seconds} s)\n`);
}

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts }).status ?? 1;

const packages = [
  'apps/web',
  'apps/runner',
  'bench',
  'tests',
  ...readdirSync(path.join(ROOT, 'packages')).map((p) => `packages/${p}`),
].filter((p) => existsSync(path.join(ROOT, p, 'tsconfig.json')));

stage('typecheck', () => {
  let passed = 0;
  let failed = 0;
  for (const pkg of packages) {
    if (run('pnpm', ['exec', 'tsc', '--noEmit', '-p', pkg]) === 0) passed++;
    else {
      failed++;
      process.stdout.write(`typecheck failed: ${pkg}\n`);
    }
  }
  return { passed, failed };
});

stage('lint', () => {
  const checks = [
    ['eslint', ['exec', 'eslint', '.', '--max-warnings=0']],
    ['prettier', ['exec', 'prettier', '--check', '.', '--log-level=warn']],
    ['import rules', ['exec', 'depcruise', 'apps', 'packages', '--config', '.dependency-cruiser.cjs']],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, args] of checks) {
    if (run('pnpm', args) === 0) passed++;
    else {
      failed++;
      process.stdout.write(`lint failed: ${name}\n`);
    }
  }
  return { passed, failed };
});

function vitest(project) {
  const file = path.join(OUT, `vitest-${project}.json`);
  const status = run('pnpm', [
    'exec',
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that crashed before its tests ran counts as a failure, not as silence.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  const failed =
    report.numFailedTests + brokenFiles + (status !== 0 && report.numFailedTests + brokenFiles === 0 ? 1 : 0);
  return { passed: report.numPassedTests, failed };
}

stage('unit', () => vitest('unit'));
// The start-up reliability tests and the end-to-end tests run the built web app.
stage('build', () =>
  run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']) === 0
    ? { passed: 1, failed: 0 }
    : { passed: 0, failed: 1 },
);
stage('integration', () => vitest('integration'));

stage('e2e', () => {
  const config = path.join(ROOT, 'apps/web/playwright.config.ts');
  if (!existsSync(config)) return { passed: 0, failed: 0 };
  const file = path.join(OUT, 'playwright.json');
  const status = run('pnpm', ['--filter', '@conveyor/web', 'exec', 'playwright', 'test'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
  });
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  const failed = stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0);
  return { passed: stats.expected + stats.flaky, failed };
});

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write('\n');
for (const r of results)
  process.stdout.write(
    `  ${r.name.padEnd(12)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${r.seconds} s\n`,
  );
process.stdout.write(`  total time ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
