import { expect, screenshot, test } from './support/fixtures';

test('workspace switcher lists my workspaces and switches, keeping the section', async ({ page, signIn, state }) => {
  await signIn('owner');
  await page.goto('/w/demo/settings/members');
  await expect(page.getByTestId('current-workspace')).toHaveText(state.demoWorkspace.name);
  await screenshot(page, 'shell-members');

  // Keyboard: open with the button, move with arrows, choose with Enter.
  const switcher = page.getByRole('button', { name: 'Switch workspace' });
  await switcher.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Switch workspace' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemradio')).toHaveText(
    [state.demoWorkspace.name, state.otherWorkspace.name].sort(),
  );
  await expect(menu.getByRole('menuitemradio', { name: state.demoWorkspace.name })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await screenshot(page, 'shell-switcher-open');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(switcher).toBeFocused();

  await switcher.click();
  await menu.getByRole('menuitemradio', { name: state.otherWorkspace.name }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${state.otherWorkspace.slug}/settings/members$`));
  await expect(page.getByTestId('current-workspace')).toHaveText(state.otherWorkspace.name);
  await expect(page.getByTestId('member-row')).toHaveCount(1);
});

test('the navigation shows every section and marks the current one', async ({ page, signIn }) => {
  await signIn('admin');
  await page.goto('/w/demo/settings/members');
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  for (const name of ['Workflows', 'Runs', 'Inbox', 'Settings', 'Members', 'Triggers', 'API tokens'])
    await expect(nav.getByRole('link', { name, exact: false }).first()).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
});

test('create a workspace from the switcher, then rename it', async ({ page, signIn }) => {
  await signIn('editor');
  await page.goto('/w/demo/settings/members');
  await page.getByRole('button', { name: 'Switch workspace' }).click();
  // An editor manages nothing here: no rename for this workspace.
  await expect(page.getByRole('menuitem', { name: 'Rename this workspace' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Create workspace' }).click();
  const create = page.getByRole('dialog', { name: 'Create a workspace' });
  const name = `Returns lab ${Date.now().toString(36)}`;
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/w\/returns-lab-[a-z0-9]+\/workflows/);
  const slug = new URL(page.url()).pathname.split('/')[2]!;

  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByTestId('current-workspace')).toHaveText(name);
  await page.getByRole('button', { name: 'Switch workspace' }).click();
  await page.getByRole('menuitem', { name: 'Rename this workspace' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename workspace' });
  await rename.getByLabel('Name').fill('R');
  await rename.getByRole('button', { name: 'Save' }).click();
  expect(await rename.getByLabel('Name').evaluate((el: HTMLInputElement) => el.validity.tooShort)).toBe(true);
  await rename.getByLabel('Name').fill('Returns lab (renamed)');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(rename).toBeHidden();
  await expect(page.getByTestId('current-workspace')).toHaveText('Returns lab (renamed)');
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/members$`));
});
