import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './support/fixtures';

/** Through the real redirect dance: our sign-in page → the IdP's page → our callback. */
async function signInWithIdp(page: Page, who: { email: string; name: string; verified: boolean }) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click();
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email verified').setChecked(who.verified);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('OIDC: a verified email signs into the existing account with that email', async ({ page, state }) => {
  await signInWithIdp(page, { email: state.users.reviewer.email, name: 'Someone Else', verified: true });
  await expect(page).toHaveURL(/\/w\/demo\/workflows/);
  await page.goto('/w/demo/settings/members');
  // The existing account (its name and role), not a new user.
  await expect(page.getByTestId('user-name')).toHaveText(state.users.reviewer.name);
  await expect(page.getByTestId('member-row').filter({ hasText: '(you)' })).toContainText('Reviewer');
});

test('OIDC: an unverified email is refused and links nothing', async ({ page, state }) => {
  await signInWithIdp(page, { email: state.users.admin.email, name: 'Mallory', verified: false });
  await expect(page).toHaveURL(/\/sign-in\?.*error=AccessDenied/);
  await expect(page.getByRole('alert').filter({ hasText: 'did not confirm your email' })).toBeVisible();
  await page.goto('/w/demo/settings/members');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('OIDC: a new person gets an account, no workspace yet, and can create one', async ({ page }) => {
  const email = `sso-${Date.now()}@e2e.test`;
  await signInWithIdp(page, { email, name: 'Sam Sso', verified: true });
  await expect(page.getByRole('heading', { name: 'Welcome, Sam Sso' })).toBeVisible();
  await screenshot(page, 'welcome-no-workspace');
  await page.getByLabel('Name').fill('Sam’s returns desk');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/w\/sam-s-returns-desk\/workflows/);
  await page.goto('/w/sam-s-returns-desk/settings/members');
  await expect(page.getByTestId('current-workspace')).toHaveText('Sam’s returns desk');
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await expect(page.getByTestId('member-row')).toContainText('Owner');
});
