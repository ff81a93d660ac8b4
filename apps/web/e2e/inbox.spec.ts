import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './support/fixtures';
import { PHOTOS, seedInbox, waitFor, type InboxSeed } from './inbox.seed';

// Real models on the app's CPU pool: the first claim also loads them.
test.setTimeout(300_000);

let seed: InboxSeed;
test.afterAll(async () => seed?.close());

interface RunRow {
  status: string;
}
const runStatus = async (runId: string) =>
  (await seed.db.pool.query<RunRow>('SELECT status FROM runs WHERE id = $1', [runId])).rows[0]?.status;
const openTask = async (runId: string, round: number) =>
  (
    await seed.db.pool.query<{ id: string }>(
      `SELECT id FROM human_tasks WHERE run_id = $1 AND round = $2 AND status IN ('open', 'claimed')`,
      [runId, round],
    )
  ).rows[0]?.id;

/** The decide call's answer (tRPC batch + superjson), to pick up the claimant's upload link. */
async function decisionResponse(page: Page) {
  const res = await page.waitForResponse(
    (r) => r.url().includes('/api/trpc/inbox.decide') && r.request().method() === 'POST',
  );
  const body = (await res.json()) as { result?: { data?: { json?: Record<string, unknown> } } }[];
  return body[0]!.result!.data!.json!;
}

test('a reviewer works three claims with the keyboard, corrects evidence, asks for more, and the export has the corrections', async ({
  page,
  browser,
  signIn,
  state,
}) => {
  seed = await seedInbox(state);
  const tag = Date.now().toString(36).toUpperCase();
  // One after another, so the queue's order (same priority, then due) is A, B, C.
  const runA = await seed.startClaim(`CLM-${tag}-A`, [PHOTOS.crack, PHOTOS.serial]);
  const taskA = await waitFor('task A', () => openTask(runA, 0), 180_000);
  const runB = await seed.startClaim(`CLM-${tag}-B`, [PHOTOS.scratch]);
  const taskB = await waitFor('task B', () => openTask(runB, 0));
  const runC = await seed.startClaim(`CLM-${tag}-C`, [PHOTOS.crack]);
  const taskC = await waitFor('task C', () => openTask(runC, 0));
  const runs = { a: runA, b: runB, c: runC };
  const tasks = { a: taskA, b: taskB, c: taskC };

  const reviewer = await signIn('reviewer');
  const inbox = `/w/${state.demoWorkspace.slug}/inbox?workflowId=${seed.workflowId}`;
  await page.goto(inbox);
  const rows = page.getByTestId('task-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('inbox-live')).toHaveText(/Live/);
  await expect(page.getByTestId('count-all')).not.toHaveText('–');
  await screenshot(page, 'inbox');

  // j / k move the selection, Enter opens it.
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('data-task-id', tasks.a);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await page.keyboard.press('Escape');
  // The queue's order (priority, then due) decides which claim comes second and third.
  const order = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-task-id')!));
  const second = order[1]!;
  const third = order[2]!;
  const runOf = (taskId: string) => (taskId === tasks.b ? runs.b : taskId === tasks.c ? runs.c : runs.a);
  await page.keyboard.press('Enter');

  // Task A: draw a box and name it, nudge it, fix the OCR text, approve.
  const taskPage = page.getByTestId('task-page');
  await expect(taskPage).toHaveAttribute('data-task-id', tasks.a);
  await expect(page.getByTestId('decision-panel')).toBeVisible();
  await expect(page.getByText('Why it came to you')).toHaveCount(0); // no rule on this workflow
  await expect(page.getByTestId('record-fields')).toContainText(`CLM-${tag}-A`);
  const canvas = page.getByTestId('review-canvas');
  await expect(canvas).toBeVisible();
  await page.keyboard.press('e');
  await expect(canvas).toHaveAttribute('aria-label', /editing/);
  const area = (await canvas.boundingBox())!;
  await page.mouse.move(area.x + area.width * 0.2, area.y + area.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.45, area.y + area.height * 0.6, { steps: 6 });
  await page.mouse.up();
  const relabel = page.getByTestId('relabel-input');
  await expect(relabel).toBeFocused();
  await relabel.fill('crack');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await expect(canvas).not.toHaveAttribute('aria-label', /editing/);
  await expect(page.getByTestId('box-changes')).toContainText('added crack');
  await expect(page.getByTestId('box-h1')).toHaveAttribute('data-label', 'crack');
  await screenshot(page, 'inbox-task-boxes');

  await page.keyboard.press('t');
  const ocr = page.getByTestId('ocr-text');
  await expect(ocr).toBeFocused();
  const modelText = await ocr.inputValue();
  const corrected = modelText.includes('KD20931874') ? `${modelText.trim()} (label torn)` : 'KD20931874';
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(corrected);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('corrections-summary')).toContainText('OCR');
  await screenshot(page, 'inbox-task-page');

  await page.keyboard.press('a');
  await expect(page.getByTestId('reason-list')).toBeVisible();
  const decidedA = decisionResponse(page);
  await page.keyboard.press('Enter');
  expect(await decidedA).toMatchObject({ action: 'approve', override: true, labels: 2 });

  // The second claim: reject with the second reason, two keys.
  await expect(taskPage).toHaveAttribute('data-task-id', second);
  await page.keyboard.press('r');
  const decidedB = decisionResponse(page);
  await page.keyboard.press('2');
  expect(await decidedB).toMatchObject({ action: 'reject' });

  // The third claim: ask the claimant for more, with a message.
  await expect(taskPage).toHaveAttribute('data-task-id', third);
  const waiting = runOf(third);
  await page.keyboard.press('m');
  await page.getByTestId('more-info-message').fill('Please send a close-up of the crack next to the serial label.');
  await page.keyboard.press('Escape');
  const decidedC = decisionResponse(page);
  await page.keyboard.press('1');
  const request = (await decidedC).evidenceRequest as { uploadUrl: string; round: number };
  expect(request.round).toBe(1);
  await expect(page).toHaveURL(/\/inbox\?workflowId=/);
  await expect.poll(() => runStatus(waiting)).toBe('waiting');
  await expect(page.getByTestId('evidence-waits')).toContainText('close-up of the crack');
  await screenshot(page, 'inbox-waiting-for-claimant');

  // The claimant opens the signed link (no session) and uploads a photo.
  const claimant = await (await browser.newContext()).newPage();
  const bad = await claimant.goto(request.uploadUrl.replace(/.{4}$/, 'AAAA'));
  expect(bad?.status()).toBe(401);
  await claimant.goto(request.uploadUrl);
  await expect(claimant.getByRole('heading', { name: 'Send more photos' })).toBeVisible();
  await expect(claimant.getByText('close-up of the crack')).toBeVisible();
  await claimant
    .locator('input[type=file]')
    .setInputFiles({ name: 'closeup.jpg', mimeType: 'image/jpeg', buffer: PHOTOS.serial });
  await claimant.locator('textarea[name=note]').fill('Here is the label, sorry about the blur.');
  await screenshot(claimant, 'evidence-upload');
  await claimant.getByRole('button', { name: 'Upload' }).click();
  await expect(claimant.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  const reused = await claimant.goto(request.uploadUrl);
  expect(reused?.status()).toBe(409);

  // The same run re-ran its models on the new photo; the review is back, live.
  const round1 = await waitFor('round 1 task', () => openTask(waiting, 1));
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  await expect(rows.first()).toHaveAttribute('data-task-id', round1);
  await expect(rows.first()).toContainText('round 1');
  await page.keyboard.press('Enter');
  await expect(taskPage).toHaveAttribute('data-task-id', round1);
  await expect(page.getByTestId('claim-history')).toContainText('evidence round 1');
  await expect(page.getByTestId('claim-history')).toContainText('more info');
  await screenshot(page, 'inbox-task-round-1');
  await page.keyboard.press('a');
  const decidedC1 = decisionResponse(page);
  await page.keyboard.press('Enter');
  expect(await decidedC1).toMatchObject({ action: 'approve' });

  for (const runId of Object.values(runs))
    await expect.poll(() => runStatus(runId), { timeout: 30_000 }).toBe('succeeded');
  const rounds = await seed.db.pool.query(
    `SELECT DISTINCT round FROM steps WHERE run_id = $1 AND node_id = 'classify' ORDER BY round`,
    [waiting],
  );
  expect(rounds.rows.map((r) => r.round)).toEqual([0, 1]);

  // The export carries the corrections with their lineage.
  await page.goto(inbox);
  await page.getByRole('button', { name: 'Export dataset' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Labels and OCR — JSONL' }).click();
  const file = await (await download).path();
  const lines = (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          kind: string;
          text?: string;
          boxes?: { label: string; origin: string }[];
          lineage: Record<string, unknown>;
        },
    );
  const mine = lines.filter((l) => l.lineage.runId === runs.a);
  const ocrLabel = mine.find((l) => l.kind === 'ocr')!;
  expect(ocrLabel).toMatchObject({
    text: corrected,
    lineage: {
      runId: runs.a,
      correlationKey: `CLM-${tag}-A`,
      reviewer: { email: reviewer.email },
      decision: { action: 'approve', override: true },
    },
  });
  expect(String(ocrLabel.lineage.model)).toMatch(/^tesseract-eng@/);
  expect(String(ocrLabel.lineage.mediaSha256)).toMatch(/^[0-9a-f]{64}$/);
  const boxLabel = mine.find((l) => l.kind === 'box')!;
  expect(boxLabel.boxes).toEqual(
    expect.arrayContaining([expect.objectContaining({ label: 'crack', origin: 'human' })]),
  );
  expect(String(boxLabel.lineage.mediaSha256)).toMatch(/^[0-9a-f]{64}$/);
  expect(String(boxLabel.lineage.model)).toMatch(/^coco-detector@/);
  await screenshot(page, 'inbox-after');
});
