import { expect, screenshot, test } from './support/fixtures';

test('sign in: a wrong password is refused with a message, the right one lands where the user was going', async ({
  page,
  state,
}) => {
  const user = state.users.editor;
  await page.goto('/w/demo/settings/members');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fw%2Fdemo%2Fsettings%2Fmembers/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await screenshot(page, 'sign-in-error');

  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/w\/demo\/settings\/members$/);
  await expect(page.getByTestId('user-name')).toHaveText(user.name);
  await expect(page.getByTestId('current-workspace')).toHaveText(state.demoWorkspace.name);

  // Sign out from the user menu; the workspace is closed again.
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/w/demo/settings/members');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('sign-in page screenshot', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await screenshot(page, 'sign-in');
});

test('/ opens the first workspace of a signed-in user', async ({ page, signIn }) => {
  await signIn('viewer');
  await page.goto('/');
  await expect(page).toHaveURL(/\/w\/demo\/workflows/);
});

test('a member of one workspace gets a 404 for another workspace', async ({ page, signIn, state }) => {
  await signIn('viewer');
  const res = await page.goto(`/w/${state.otherWorkspace.slug}/settings/members`);
  expect(res?.status()).toBe(404);
});

test('repeated wrong passwords are slowed down, and the form says so', async ({ page, state }) => {
  const { createDb } = await import('@conveyor/db');
  const { createUser } = await import('@conveyor/db/factories');
  const db = createDb({ url: state.databaseUrl, max: 1 });
  const user = await createUser(db, { email: `throttled-${Date.now()}@e2e.test`, password: 'the-right-password' });
  await db.close();

  await page.goto('/sign-in');
  const alert = page.getByRole('alert').filter({ hasText: /do not match|Too many failed attempts/ });
  let throttledAfter = 0;
  for (let i = 1; i <= 10 && !throttledAfter; i++) {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    const answered = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
    await expect(alert).toBeVisible();
    await expect(page.getByLabel('Password')).toBeFocused();
    if ((await alert.textContent())?.includes('Too many')) throttledAfter = i;
  }
  // Five wrong passwords are free; the sixth attempt, soon after, has to wait.
  expect(throttledAfter).toBeGreaterThanOrEqual(6);
  // Slowed down, not locked out: once the wait has passed, the right password works.
  await page.waitForTimeout(2_500);
  await expect(async () => {
    await page.getByLabel('Password').fill('the-right-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$|\/w\//, { timeout: 3_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
});
