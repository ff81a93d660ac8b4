// Prisma CLI config. Prisma 6.19's bundled WASM schema engine ("js" engine + a driver
// adapter) is the only migration path that works offline; the classic engine downloads a
// native binary on every command (../../shared/STACK.md).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma/schema.prisma'),
  migrations: { path: path.join(root, 'prisma/migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must be set for Prisma CLI commands');
    return new PrismaPg({ connectionString: url });
  },
});
