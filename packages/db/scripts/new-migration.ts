// `pnpm db:migrate:new <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the last committed schema (git HEAD) to the edited one. Pure
// schema-to-schema diff, the one diff Prisma 6.19's offline (WASM) engine supports next to
// a driver adapter. The engine still opens DATABASE_URL (any reachable Postgres; nothing
// is read or changed there).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:migrate:new <snake_case_name>');
  process.exit(1);
}
const root = path.resolve(import.meta.dirname, '../../..');
const schema = path.join(root, 'prisma/schema.prisma');
const previous = path.join(mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root }));

const result = spawnSync(
  'prisma',
  ['migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', schema, '--script'],
  {
    cwd: path.join(root, 'packages/db'),
    encoding: 'utf8',
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://localhost/unused',
    },
  },
);
if (result.status !== 0) {
  console.error(result.stderr);
  process.exit(result.status ?? 1);
}
if (!result.stdout.trim() || /^-- This is an empty migration/.test(result.stdout)) {
  console.log('schema unchanged since HEAD: no migration written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(root, 'prisma/migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), result.stdout);
console.log(`wrote ${path.relative(root, dir)}/migration.sql — review it, then pnpm db:generate`);
