import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The web app's `@/…` alias, and `server-only` as its no-op build (tests are server code).
const resolve = {
  alias: {
    '@/': fileURLToPath(new URL('./apps/web/src/', import.meta.url)),
    'server-only': fileURLToPath(new URL('./apps/web/node_modules/server-only/empty.js', import.meta.url)),
  },
};

// Two projects: unit tests (`*.test.ts`, no services) and integration tests
// (`*.int.test.ts`, real Postgres; each file clones its own database from a migrated
// template made once in the global setup). End-to-end tests run separately (Playwright).
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        // Component tests (*.test.tsx): compile JSX with React's automatic runtime (the web
        // tsconfig says `preserve`, which is for Next's own compiler).
        oxc: { jsx: { runtime: 'automatic' } },
        test: {
          name: 'unit',
          include: ['{apps,packages,bench,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/e2e/**'],
          environment: 'node',
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['{apps,packages,tests}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // 2 cores: two files at a time keeps Postgres and the workers from starving.
          maxWorkers: 2,
        },
      },
    ],
  },
});
