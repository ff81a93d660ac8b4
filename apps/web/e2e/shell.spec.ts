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
