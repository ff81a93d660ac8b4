import { createHmac } from 'node:crypto';
import pg from 'pg';
import { expect, screenshot, test } from './support/fixtures';

/** Publishes the demo workspace's template workflow (the editor's publish has its own spec). */
async function publishDemoWorkflow(databaseUrl: string, workspaceId: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; name: string }>(
      `INSERT INTO workflow_versions (workflow_id, version, graph, graph_hash, published, note)
       SELECT w.id, coalesce((SELECT max(version) FROM workflow_versions WHERE workflow_id = w.id), 0) + 1,
              w.draft_graph, md5(w.draft_graph::text), true, 'e2e: triggers'
         FROM workflows w WHERE w.workspace_id = $1 AND w.deleted_at IS NULL ORDER BY w.created_at LIMIT 1
       RETURNING workflow_id AS id, (SELECT name FROM workflows WHERE id = workflow_id) AS name`,
      [workspaceId],
    );
    return rows[0]!.name;
  } finally {
    await client.end();
  }
}

function signed(secret: string, body: string, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

test('an admin creates a webhook trigger, a signed request starts a run, disabling it refuses requests; API tokens are shown once and revocable', async ({
  page,
  signIn,
  state,
}) => {
  const workflowName = await publishDemoWorkflow(state.databaseUrl, state.demoWorkspace.id);
  await signIn('admin');
  await page.goto('/w/demo/settings/triggers');
  await expect(page.getByRole('heading', { name: 'Webhook triggers', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'New trigger' }).click();
  const create = page.getByRole('dialog', { name: 'New webhook trigger' });
  await create.getByLabel('Name').fill('Claims portal (e2e)');
  await create.getByLabel('Workflow').selectOption({ label: workflowName });
  await create.getByLabel('Callback URL (optional)').fill('https://claims.example.com/conveyor/callback');
  await create.getByRole('button', { name: 'Create trigger' }).click();

  const reveal = page.getByRole('dialog', { name: '“Claims portal (e2e)” is ready' });
  const secret = await reveal.getByTestId('trigger-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  const url = await reveal.getByLabel('Webhook URL').inputValue();
  expect(url).toMatch(new RegExp(`^${state.baseUrl}/api/hooks/[0-9a-f-]{36}$`));
  await expect(reveal.getByTestId('curl-example')).toContainText(secret);
  await screenshot(page, 'triggers-secret');
  await reveal.getByRole('button', { name: 'I have stored the secret' }).click();
  const row = page.getByTestId('trigger-row').filter({ hasText: 'Claims portal (e2e)' });
  await expect(row).toContainText('Enabled');
  await screenshot(page, 'triggers-list');
  await expect(page.getByText(secret)).toHaveCount(0); // never shown again

  // A signed request starts a run; a wrong signature is a 401 problem.
  const body = JSON.stringify({ claimId: 'E2E-1', productSku: 'KETTLE-2L' });
  const accepted = await page.request.post(url, {
    data: body,
    headers: { 'content-type': 'application/json', 'conveyor-signature': signed(secret, body) },
  });
  expect(accepted.status()).toBe(202);
  const location = accepted.headers()['location']!;
  expect(location).toMatch(/^\/api\/v1\/runs\/[0-9a-f-]{36}$/);
  const forged = await page.request.post(url, {
    data: body,
    headers: { 'content-type': 'application/json', 'conveyor-signature': signed('whsec_wrong', body) },
  });
  expect(forged.status()).toBe(401);
  expect(forged.headers()['content-type']).toBe('application/problem+json');
  expect((await forged.json()).type).toBe('https://conveyor.dev/problems/signature-mismatch');

  // Disabled: refused with its own problem type (the trigger cache lives 1 s).
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await page.waitForTimeout(1200);
  const body2 = JSON.stringify({ claimId: 'E2E-2' });
  const disabled = await page.request.post(url, {
    data: body2,
    headers: { 'content-type': 'application/json', 'conveyor-signature': signed(secret, body2) },
  });
  expect(disabled.status()).toBe(403);
  expect((await disabled.json()).type).toBe('https://conveyor.dev/problems/trigger-disabled');

  // API token: created with a role, shown once, used, revoked.
  await page.goto('/w/demo/settings/tokens');
  await page.getByRole('button', { name: 'New token' }).click();
  const tokenDialog = page.getByRole('dialog', { name: 'New API token' });
  await tokenDialog.getByLabel('Name').fill('Portal reader (e2e)');
  await tokenDialog.getByLabel('Role').selectOption('viewer');
  await tokenDialog.getByRole('button', { name: 'Create token' }).click();
  const created = page.getByRole('dialog', { name: 'Token created' });
  const token = await created.getByTestId('api-token').inputValue();
  expect(token).toMatch(/^cvy_/);
  await screenshot(page, 'tokens-created');
  await created.getByRole('button', { name: 'Done' }).click();

  const run = await page.request.get(`${state.baseUrl}${location}`, { headers: { authorization: `Bearer ${token}` } });
  expect(run.status()).toBe(200);
  expect(await run.json()).toMatchObject({ triggerKind: 'webhook', input: { claimId: 'E2E-1' } });
  const cancel = await page.request.post(`${state.baseUrl}${location}/cancel`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(cancel.status()).toBe(403); // a viewer token reads only

  // "Last used" is written in the background after authentication, so it may land just
  // after the page loads: reload until it shows.
  const tokenRow = page.getByTestId('token-row').filter({ hasText: 'Portal reader (e2e)' });
  await expect(async () => {
    await page.reload();
    await expect(tokenRow.getByTestId('token-last-used')).not.toHaveText('never', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await tokenRow.getByRole('button', { name: 'Revoke' }).click();
  await page
    .getByRole('dialog', { name: /Revoke/ })
    .getByRole('button', { name: 'Revoke token' })
    .click();
  await expect(tokenRow).toContainText('Revoked');
  const after = await page.request.get(`${state.baseUrl}${location}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);

  const openapi = await page.request.get(`${state.baseUrl}/api/v1/openapi.json`);
  expect((await openapi.json()).openapi).toBe('3.1.0');
});
