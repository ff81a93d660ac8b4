import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './support/fixtures';

/**
 * The editor end to end, as an analyst uses it: build the warranty workflow from an empty
 * canvas with the mouse, configure the rule, fix what the validator points at, publish,
 * test-run it on a demo claim and read each step's evidence; and a reviewer who may look
 * but not touch.
 */

test.use({ viewport: { width: 1920, height: 1080 } });

async function center(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette entry onto the canvas at (dx, dy) from the canvas's top-left corner. */
async function dragFromPalette(page: Page, type: string, dx: number, dy: number) {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const entry = page.getByTestId(`palette-${type}`);
  await entry.scrollIntoViewIfNeeded();
  const from = await center(entry);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 10, { steps: 4 });
  await page.mouse.move(canvas.x + dx, canvas.y + dy, { steps: 12 });
  await page.mouse.up();
}

/** Connects an output handle to an input handle by dragging between them. */
async function connect(page: Page, from: string, out: string, to: string, input: string) {
  const a = await center(page.getByTestId(`handle-${from}-out-${out}`));
  const b = await center(page.getByTestId(`handle-${to}-in-${input}`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}

function edgeCount(page: Page) {
  return page.locator('.react-flow__edge').count();
}

test('build the warranty workflow from scratch, publish it and test-run it on a demo claim', async ({
  page,
  signIn,
}) => {
  test.setTimeout(240_000);
  await signIn('editor');
  await page.goto('/w/demo/workflows');
  await expect(page.getByTestId('template-warranty-triage')).toBeVisible();
  await expect(page.getByTestId('workflow-list')).toBeVisible();
  await screenshot(page, 'workflows-list');

  // A blank workflow.
  const name = `Warranty e2e ${Date.now().toString(36)}`;
  await page.getByTestId('new-workflow').click();
  await page.getByTestId('workflow-name-input').fill(name);
  await page.getByTestId('workflow-name-submit').click();
  await expect(page.getByTestId('workflow-editor')).toBeVisible();
  await expect(page.getByLabel('Workflow name')).toHaveValue(name);

  // Seven nodes dragged from the palette.
  const layout: [string, number, number][] = [
    ['ingest', 150, 140],
    ['detector', 430, 110],
    ['classifier', 430, 330],
    ['ocr', 430, 550],
    ['rule', 720, 110],
    ['human-task', 720, 400],
    ['webhook', 150, 620],
  ];
  for (const [type, x, y] of layout) {
    await dragFromPalette(page, type, x, y);
    await expect(page.getByTestId(`node-${type}`)).toBeVisible();
  }
  await expect(page.locator('.react-flow__node')).toHaveCount(7);

  // A connection the port types forbid is refused, with the reason.
  await connect(page, 'ingest', 'record', 'detector', 'media');
  await expect(page.getByText(/cannot feed/).first()).toBeVisible();
  expect(await edgeCount(page)).toBe(0);

  const wires: [string, string, string, string][] = [
    ['ingest', 'media', 'detector', 'media'],
    ['ingest', 'media', 'classifier', 'media'],
    ['ingest', 'media', 'ocr', 'media'],
    ['detector', 'detections', 'rule', 'detections'],
    ['classifier', 'classification', 'rule', 'classification'],
    ['ocr', 'text', 'rule', 'text'],
    ['ingest', 'media', 'human-task', 'media'],
    ['rule', 'review', 'human-task', 'decision'],
    ['rule', 'approve', 'webhook', 'payload'],
    ['human-task', 'approve', 'webhook', 'payload'],
  ];
  for (const [from, out, to, input] of wires) {
    const before = await edgeCount(page);
    await connect(page, from, out, to, input);
    await expect.poll(() => edgeCount(page), { message: `${from}.${out} → ${to}.${input}` }).toBe(before + 1);
  }

  // Configure the rule: a confident defect is approved, a weak one needs more evidence.
  await page.getByTestId('node-rule').click();
  const rule = page.getByTestId('rule-editor');
  await expect(rule).toBeVisible();
  await rule.getByTestId('rule-add-row').click();
  const row0 = rule.getByTestId('rule-row-0');
  await row0.getByLabel('min', { exact: true }).fill('0.85');
  await row0.getByTestId('rule-row-0-port').selectOption('approve');
  await rule.getByTestId('rule-add-row').click();
  const row1 = rule.getByTestId('rule-row-1');
  // A band with no bound at all is an error the validator names under the field…
  await row1.getByLabel('min', { exact: true }).fill('');
  await expect(row1.getByTestId('field-error')).toContainText('A band needs a lower bound');
  // …and fixing it clears the message.
  await row1.getByLabel('max', { exact: true }).fill('0.4');
  await expect(row1.getByTestId('field-error')).toHaveCount(0);
  await row1.getByTestId('rule-row-1-port').selectOption('more-info');
  await expect(rule.getByTestId('rule-default-port')).toHaveValue('review');
  await screenshot(page, 'editor-rule');

  // The webhook still lacks its address and credential: the issues list says so.
  await expect(page.getByTestId('node-webhook')).toHaveAttribute('data-issues', /[1-9]/);
  await page.getByTestId('issues-toggle').click();
  const issue = page.getByTestId('issue-item').filter({ hasText: 'http:// or https://' });
  await expect(issue).toBeVisible();
  await issue.click();
  const panel = page.getByTestId('config-panel');
  await expect(panel).toContainText('Send webhook');
  await expect(panel.getByTestId('field-error').first()).toBeVisible();
  await panel.locator('#root_url').fill('https://claims.example.com/hooks/decision');
  await panel.locator('#root_secret').fill('claims-webhook');
  await panel.locator('#root_maxAttempts').fill('1');
  await expect(page.getByTestId('issues-ok')).toBeVisible();
  await expect(page.getByTestId('node-webhook')).toHaveAttribute('data-issues', '0');

  // Tidy up with auto-layout, then the draft saves by itself.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('l');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 10_000 });

  // Publish with a note, reviewing the changes first.
  await page.getByTestId('publish-button').click();
  await expect(page.getByTestId('graph-diff')).toContainText('rule added');
  await page.getByTestId('publish-note').fill('First version: auto-approve clear defects');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByText('Published version 1')).toBeVisible();
  await expect(page.getByText('v1 · live')).toBeVisible();

  // Test run on a demo claim; nodes light up as the steps finish.
  await page.getByTestId('test-run-button').click();
  await page.getByTestId('demo-cracked-screen').click();
  await screenshot(page, 'editor-test-run-dialog');
  await page.getByTestId('test-run-start').click();
  await expect(page.getByTestId('test-run-inspector')).toBeVisible();
  for (const node of ['ingest', 'classifier', 'ocr', 'detector', 'rule']) {
    await expect(page.getByTestId(`node-${node}`)).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  }

  // Each step's evidence: the classifier's scores, the OCR text, the rule's trace.
  await page.getByTestId('node-classifier').click();
  const detail = page.getByTestId('step-detail');
  await expect(detail).toContainText('defect-classifier');
  await screenshot(page, 'editor-test-run-classifier');
  await page.getByTestId('node-ocr').click();
  await expect(detail).toContainText('KD20931874');
  await screenshot(page, 'editor-test-run-ocr');
  await page.getByTestId('node-rule').click();
  await expect(detail).toContainText('→');
  await screenshot(page, 'editor-test-run');
});

test('template → publish → edit → diff → publish again → roll back; shortcuts, duplicate and undo', async ({
  page,
  signIn,
}) => {
  await signIn('editor');
  await page.goto('/w/demo/workflows');
  // Search narrows the list; a miss says so.
  // Typing before hydration is reset by React, so retry the fill until the list reacts.
  await expect(async () => {
    await page.getByTestId('workflow-search').fill('no such workflow');
    await expect(page.getByText('No workflow matches “no such workflow”')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('workflow-search').fill('warranty claim');
  await expect(
    page
      .getByTestId('workflow-list')
      .getByRole('link', { name: /Warranty claim triage/ })
      .first(),
  ).toBeVisible();
  await page.getByTestId('template-warranty-triage').click();
  await expect(page.getByTestId('workflow-editor')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(8);
  await expect(page.getByTestId('issues-ok')).toBeVisible();

  await page.getByTestId('publish-button').click();
  await page.getByTestId('publish-note').fill('Template as shipped');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByText('Published version 1')).toBeVisible();

  // Nothing changed since v1: publishing again is explained, not allowed.
  await page.getByTestId('publish-button').click();
  await expect(page.getByText(/exactly version 1: nothing to publish/)).toBeVisible();
  await expect(page.getByTestId('publish-confirm')).toBeDisabled();
  await page.keyboard.press('Escape');

  // Rename a node and lower a threshold.
  await page.getByTestId('node-detect-product').click();
  await page.getByTestId('node-label-input').fill('Find the product');
  await page.locator('#root_maxDetections').fill('20');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByTestId('publish-button').click();
  const diff = page.getByTestId('graph-diff');
  await expect(diff).toContainText('Find the product');
  await expect(diff).toContainText('maxDetections');
  await expect(diff).toContainText('50');
  await expect(diff).toContainText('20');
  await page.getByTestId('publish-note').fill('Fewer detections');
  await screenshot(page, 'editor-publish-diff');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByText('Published version 2')).toBeVisible();

  // Roll the draft back to v1 from the history.
  await page.getByRole('button', { name: 'Version history' }).click();
  await expect(page.getByTestId('version-list').locator('li')).toHaveCount(2);
  await page.getByRole('button', { name: 'Compare with draft' }).last().click();
  await expect(page.getByTestId('version-list').getByTestId('graph-diff')).toContainText('maxDetections');
  await screenshot(page, 'editor-version-history');
  await page.getByTestId('rollback-v1').click();
  await expect(page.getByText('The draft is now version 1')).toBeVisible();
  await expect(page.getByTestId('node-detect-product')).toContainText('Detect product');

  // Shortcuts: duplicate a node, undo it; the help overlay lists them.
  await page.getByTestId('node-triage').click();
  await page.locator('.react-flow__pane').focus();
  await page.keyboard.press('Control+d');
  await expect(page.locator('.react-flow__node')).toHaveCount(9);
  await expect(page.getByTestId('node-triage-2')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(8);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(9);
  await page.getByTestId('node-triage-2').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(8);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Auto-layout');
  await page.keyboard.press('Escape');

  // Export: the draft as a conveyor.workflow file.
  await page.getByRole('button', { name: 'More actions' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export JSON' }).click(),
  ]);
  const file = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8')) as {
    format: string;
    graph: { nodes: unknown[] };
  };
  expect(file.format).toBe('conveyor.workflow');
  expect(file.graph.nodes).toHaveLength(8);
});

test('sample photos upload through the test-run dialog; the upload route refuses what is not media', async ({
  page,
  signIn,
  state,
}) => {
  await signIn('editor');
  await page.goto('/w/demo/workflows');
  await page
    .getByRole('link', { name: /Warranty claim triage/ })
    .first()
    .click();
  await page.getByTestId('test-run-button').click();
  await page.getByTestId('test-run-mode-upload').click();
  // A real JPEG (the demo claim's label photo, fetched as the browser would upload it).
  const samples = await page.request.get(
    `/api/trpc/workflows.demoSamples?input=${encodeURIComponent(JSON.stringify({ json: { workspaceId: state.demoWorkspace.id } }))}`,
  );
  const preview = ((await samples.json()) as { result: { data: { json: { preview: string }[] } } }).result.data.json[0]!
    .preview;
  const jpeg = Buffer.from(preview.split(',')[1]!, 'base64');
  await page
    .getByTestId('test-run-file')
    .setInputFiles({ name: 'claim-photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await expect(page.getByText('claim-photo.jpg')).toBeVisible();
  await expect(page.getByText(/image\/jpeg · \d+ KB/)).toBeVisible();
  await expect(page.getByTestId('test-run-start')).toBeEnabled();
  // The template's ingest wants claimId and productSku: they are there to fill in.
  await expect(page.getByLabel('Value of claimId')).toBeVisible();

  const text = await page.request.post(`/api/uploads?workspaceId=${state.demoWorkspace.id}`, {
    headers: { 'Content-Type': 'image/jpeg', 'X-Filename': 'fake.jpg' },
    data: Buffer.from('this is not a photo at all'),
  });
  expect(text.status()).toBe(415);
  expect(((await text.json()) as { title: string }).title).toMatch(/Not a supported photo or video/);
});

test('a reviewer can look at a workflow but not change or publish it', async ({ page, signIn, state }) => {
  await signIn('reviewer');
  await page.goto('/w/demo/workflows');
  await expect(page.getByTestId('new-workflow')).toHaveCount(0);
  await page
    .getByRole('link', { name: /Warranty claim triage/ })
    .first()
    .click();
  const editor = page.getByTestId('workflow-editor');
  await expect(editor).toHaveAttribute('data-readonly', 'true');
  await expect(page.getByText('Read-only', { exact: true })).toBeVisible();
  await expect(page.getByTestId('publish-button')).toHaveCount(0);
  await expect(page.getByTestId('test-run-button')).toHaveCount(0);
  await expect(page.getByTestId('palette-detector')).toHaveCount(0);

  // Dragging a node does not move it (the drag pans the view, moving every node alike).
  const node = page.getByTestId('node-triage');
  const other = page.getByTestId('node-claim');
  const offset = async () => {
    const [a, b] = [(await node.boundingBox())!, (await other.boundingBox())!];
    return { dx: Math.round(a.x - b.x), dy: Math.round(a.y - b.y) };
  };
  const before = await offset();
  const c = await center(node);
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x + 150, c.y + 80, { steps: 8 });
  await page.mouse.up();
  expect(await offset()).toEqual(before);

  // The form is read-only too.
  await node.click();
  await expect(page.getByTestId('rule-add-row')).toHaveCount(0);
  await screenshot(page, 'editor-reviewer');

  // And the API refuses, whatever the UI shows.
  const workflowId = page.url().split('/').pop()!;
  const save = await page.request.post('/api/trpc/workflows.saveDraft', {
    data: {
      json: { workspaceId: state.demoWorkspace.id, workflowId, graph: { nodes: [], edges: [] }, expectedRevision: 0 },
    },
  });
  expect(save.status()).toBe(403);
  const publish = await page.request.post('/api/trpc/workflows.publish', {
    data: { json: { workspaceId: state.demoWorkspace.id, workflowId, note: 'nope' } },
  });
  expect(publish.status()).toBe(403);
  const upload = await page.request.post(`/api/uploads?workspaceId=${state.demoWorkspace.id}`, {
    headers: { 'Content-Type': 'image/jpeg' },
    data: Buffer.from([0xff, 0xd8, 0xff]),
  });
  expect(upload.status()).toBe(403);
});
