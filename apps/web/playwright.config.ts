import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real product: the global setup starts `conveyor-runner up`
 * (web + runner + pools) on a fresh database and a free port. The web app must be built
 * first (`npm test` builds before this stage). Debian's Chromium, never a downloaded one.
 */
export default defineConfig({
  testDir: './e2e',
  // Traces and failure screenshots; Playwright empties this folder at start, so parallel
  // runs from one checkout should each set their own.
  outputDir: process.env.CONVEYOR_E2E_OUTPUT_DIR ?? './e2e/artifacts/test-results',
  globalSetup: './e2e/support/global-setup.ts',
  // 2 cores run the app, its runner, a pool and the browser: one test at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    // scripts/run-tests.mjs reads this file (PLAYWRIGHT_JSON_OUTPUT_NAME) for its summary line.
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? './e2e/artifacts/results.json' }],
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
