import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { STATE_ENV, type E2ERole, type E2EState, type E2EUser } from './roles';

export function e2eState(): E2EState {
  const raw = process.env[STATE_ENV];
  if (!raw) throw new Error('E2E state missing: run through playwright.config.ts (global setup)');
  return JSON.parse(raw) as E2EState;
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../artifacts/screenshots');

/**
 * Signs a browser context in through next-auth's own endpoints (CSRF token, then the
 * credentials callback): the session cookie lands in the context, as after a real sign-in,
 * without spending each test's time on the form. The sign-in form has its own spec.
 */
export async function signInAs(context: BrowserContext, user: E2EUser): Promise<void> {
  const { baseUrl } = e2eState();
  const csrf = await context.request.get(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await context.request.post(`${baseUrl}/api/auth/callback/credentials`, {
    form: { csrfToken, email: user.email, password: user.password, json: 'true', callbackUrl: baseUrl },
    maxRedirects: 0,
  });
  if (res.status() >= 400) throw new Error(`sign-in as ${user.email} failed: ${res.status()}`);
  const cookies = await context.cookies(baseUrl);
  if (!cookies.some((c) => c.name.includes('next-auth.session-token'))) {
    throw new Error(`sign-in as ${user.email} set no session cookie (status ${res.status()})`);
  }
}

/** A full-page screenshot kept under e2e/artifacts/screenshots/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

interface Fixtures {
  state: E2EState;
  /** Signs the page's context in as the demo workspace user with this role. */
  signIn: (role: E2ERole | 'admin-seed') => Promise<E2EUser>;
}

export const test = base.extend<Fixtures>({
  // The server's port is only known after the global setup.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  baseURL: async ({}, use) => use(e2eState().baseUrl),
  // eslint-disable-next-line no-empty-pattern
  state: async ({}, use) => use(e2eState()),
  signIn: async ({ context }, use) => {
    await use(async (role) => {
      const state = e2eState();
      const user = role === 'admin-seed' ? state.admin : state.users[role];
      await signInAs(context, user);
      return user;
    });
  },
});

export { expect };
