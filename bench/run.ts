// `pnpm bench`: runs every suite in bench/suites (or those named on the command line),
// prints a table of figures and writes them, flat, to bench/out/latest.json
// (keys like `engine.hop_p50_ms`). Figures only: nothing here passes or fails on time.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSuite, Figures } from './lib/suite.ts';
import { benchDatabase } from './lib/database.ts';

const dir = path.join(import.meta.dirname, 'suites');
const wanted = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
const figures: Figures = {};
const server = await benchDatabase();

try {
  for (const file of files) {
    const suite = (await import(pathToFileURL(path.join(dir, file)).href)).default as BenchSuite;
    if (wanted.length && !wanted.includes(suite.name)) continue;
    process.stdout.write(`\n▶ ${suite.name} — ${suite.description}\n`);
    const t0 = performance.now();
    const result = await suite.run({ server, log: (m) => process.stdout.write(`  ${m}\n`) });
    for (const [key, value] of Object.entries(result)) {
      const flat = `${suite.name}.${key}`;
      figures[flat] = value;
      process.stdout.write(`  ${flat.padEnd(40)} ${format(value)}\n`);
    }
    process.stdout.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
} finally {
  await server.close();
}

const out = path.join(import.meta.dirname, 'out');
await mkdir(out, { recursive: true });
const meta = { 'meta.cpus': os.cpus().length, 'meta.node': process.version, 'meta.time': new Date().toISOString() };
// Suites not run this time keep their last figures (running one suite must not erase the rest).
const previous = await readFile(path.join(out, 'latest.json'), 'utf8')
  .then((text) => JSON.parse(text) as Record<string, unknown>)
  .catch(() => ({}));
await writeFile(path.join(out, 'latest.json'), JSON.stringify({ ...previous, ...meta, ...figures }, null, 2) + '\n');
process.stdout.write(`\nwrote ${Object.keys(figures).length} figures to bench/out/latest.json\n`);

function format(value: number | string) {
  return typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : value;
}
// Model backends keep worker threads (tesseract, tfjs-wasm) alive; a benchmark run is over
// once its figures are written.
process.exit(0);
