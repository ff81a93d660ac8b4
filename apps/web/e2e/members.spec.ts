import { createDb } from '@conveyor/db';
import { createUser } from '@conveyor/db/factories';
import { expect, screenshot, test } from './support/fixtures';

test('an admin invites a member by link; the invitee creates an account in another browser and joins', async ({
  page,
  browser,
  signIn,
  state,
}) => {
  await signIn('admin');
  await page.goto('/w/demo/settings/members');
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  const before = await page.getByTestId('member-row').count();

  // The dialog is modal: Escape closes it and focus goes back to where it was.
  const inviteButton = page.getByRole('button', { name: 'Invite member' });
  await inviteButton.click();
  const dialog = page.getByRole('dialog', { name: 'Invite a member' });
  await expect(dialog.getByLabel('Email')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(inviteButton).toBeFocused();
  await inviteButton.click();
  await expect(dialog).toBeVisible();
  const email = `invitee-${Date.now()}@e2e.test`;
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Role').selectOption('reviewer');
  await screenshot(page, 'members-invite-dialog');
  await dialog.getByRole('button', { name: 'Create invite link' }).click();

  const ready = page.getByRole('dialog', { name: 'Invite link ready' });
  const link = await ready.getByTestId('invite-link').inputValue();
  expect(link).toMatch(new RegExp(`^${state.baseUrl}/invite/inv_`));
  await screenshot(page, 'members-invite-link');
  await ready.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('invite-row').filter({ hasText: email })).toBeVisible();

  // The invitee: a fresh browser context, signed out.
  const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const invitee = await other.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { name: `Join ${state.demoWorkspace.name}` })).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();
  await invitee.getByLabel('Your name').fill('Rita Reviewer');
  await invitee.getByLabel('Password', { exact: true }).fill('short');
  await invitee.getByLabel('Confirm password').fill('short');
  await invitee.getByRole('button', { name: 'Create account and join' }).click();
  // Too short: the form does not submit, and says why.
  const password = invitee.getByLabel('Password', { exact: true });
  expect(await password.evaluate((el: HTMLInputElement) => el.validity.tooShort)).toBe(true);
  await expect(invitee).toHaveURL(/\/invite\//);
  await screenshot(invitee, 'invite-accept');
  await password.fill('a-long-enough-password');
  await invitee.getByLabel('Confirm password').fill('a-long-enough-passwort');
  await invitee.getByRole('button', { name: 'Create account and join' }).click();
  await expect(invitee.getByRole('alert').filter({ hasText: 'The passwords do not match.' })).toBeVisible();
  await invitee.getByLabel('Confirm password').fill('a-long-enough-password');
  await invitee.getByRole('button', { name: 'Create account and join' }).click();
  await expect(invitee).toHaveURL(/\/w\/demo\/workflows/);
  await invitee.goto('/w/demo/settings/members');
  await expect(invitee.getByTestId('current-workspace')).toHaveText(state.demoWorkspace.name);
  await expect(invitee.getByTestId('member-row').filter({ hasText: '(you)' })).toContainText('Rita Reviewer');

  // The link is spent.
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { name: 'This invitation has already been used.' })).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByTestId('member-row')).toHaveCount(before + 1);
  await expect(page.getByTestId('member-row').filter({ hasText: email })).toContainText('Reviewer');
  await expect(page.getByTestId('invite-row').filter({ hasText: email })).toHaveCount(0);
  await screenshot(page, 'members');
});

test('a viewer sees the members but no management actions, and the API refuses them too', async ({
  page,
  signIn,
  state,
}) => {
  await signIn('viewer');
  await page.goto('/w/demo/settings/members');
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Invite member' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: /^Role of / })).toHaveCount(0);
  await expect(page.getByText('Pending invitations')).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  await expect(nav.getByRole('link', { name: 'Triggers' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'API tokens' })).toHaveCount(0);
  await screenshot(page, 'members-viewer');

  const res = await page.request.post('/api/trpc/members.invite', {
    data: { json: { workspaceId: state.demoWorkspace.id, email: 'sneaky@e2e.test', role: 'admin' } },
  });
  expect(res.status()).toBe(403);
  const body = (await res.json()) as { error: { json: { data: { code: string; reason: string } } } };
  expect(body.error.json.data).toMatchObject({ code: 'FORBIDDEN', reason: 'permission_denied' });
});

test('someone who already has an account signs in from the invite and joins', async ({
  page,
  browser,
  signIn,
  state,
}) => {
  const db = createDb({ url: state.databaseUrl, max: 1 });
  const existing = await createUser(db, {
    name: 'Eve Existing',
    email: `existing-${Date.now()}@e2e.test`,
    password: 'existing-password',
  });
  await db.close();

  await signIn('owner');
  await page.goto('/w/demo/settings/members');
  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite a member' });
  await dialog.getByLabel('Email').fill(existing.email);
  await dialog.getByLabel('Role').selectOption('editor');
  await dialog.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByTestId('invite-link').inputValue();

  const other = await browser.newContext();
  const invitee = await other.newPage();
  await invitee.goto(link);
  await invitee.getByRole('link', { name: 'Sign in to accept' }).click();
  await expect(invitee).toHaveURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
  await expect(invitee.getByLabel('Email')).toHaveValue(existing.email);
  await invitee.getByLabel('Password').fill('existing-password');
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await expect(invitee).toHaveURL(/\/invite\//);
  await invitee.getByRole('button', { name: 'Join workspace' }).click();
  await expect(invitee).toHaveURL(/\/w\/demo\/workflows/);
  await invitee.goto('/w/demo/settings/members');
  await expect(invitee.getByTestId('member-row').filter({ hasText: '(you)' })).toContainText('Editor');
  await other.close();
});
