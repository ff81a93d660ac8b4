// `prisma generate` reads prisma.config.ts, whose adapter needs DATABASE_URL to be set
// even though generating never connects; give it a placeholder when unset.
import { spawnSync } from 'node:child_process';
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
env.DATABASE_URL ??= 'postgresql://localhost:5432/unused';
const r = spawnSync('prisma', ['generate'], { stdio: ['ignore', 'ignore', 'inherit'], env, shell: false });
process.exit(r.status ?? 1);
