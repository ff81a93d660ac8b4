import type { APIRequestContext } from '@playwright/test';
import { createDb, type Db } from '@conveyor/db';
import { expect, screenshot, test } from './support/fixtures';
import type { E2EState } from './support/roles';
import { createVersion, seedRun, seedTask, type SeedStep } from '../src/server/services/runs/__tests__/seed-runs';

/** Calls a tRPC procedure over HTTP as the signed-in browser context (superjson envelope). */
async function trpc<T>(
  request: APIRequestContext,
  path: string,
  input: unknown,
  kind: 'query' | 'mutation',
): Promise<T> {
  const res =
    kind === 'query'
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input } });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!res.ok() || !body.result) throw new Error(`${path} failed (${res.status()}): ${body.error?.json.message ?? ''}`);
  return body.result.data.json;
}

interface RunStep {
  nodeId: string;
  status: string;
}

async function waitForSteps(
  request: APIRequestContext,
  workspaceId: string,
  runId: string,
  done: (steps: RunStep[], status: string) => boolean,
) {
  await expect
    .poll(
      async () => {
        const d = await trpc<{ run: { status: string }; steps: RunStep[] }>(
          request,
          'runs.get',
          { workspaceId, runId },
          'query',
        );
        return done(d.steps, d.run.status);
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe(true);
}

/** Test runs of the real product: the warranty template on a demo claim, and a workflow that always waits for a reviewer. */
async function startRuns(request: APIRequestContext, state: E2EState) {
  const workspaceId = state.demoWorkspace.id;
  const workflows = await trpc<{ id: string; templateKey: string | null }[]>(
    request,
    'workflows.list',
    { workspaceId },
    'query',
  );
  const triage = workflows.find((w) => w.templateKey === 'warranty-triage');
  if (!triage) throw new Error('the demo workspace has no warranty-triage workflow');
  const triageRun = await trpc<{ runId: string }>(
    request,
    'workflows.testRun',
    { workspaceId, workflowId: triage.id, demoSample: 'cracked-screen' },
    'mutation',
  );

  const holdName = `Hold for review ${Date.now().toString(36)}`;
  const hold = await trpc<{ id: string; draftRevision: number }>(
    request,
    'workflows.create',
    { workspaceId, name: holdName },
    'mutation',
  );
  const draft = await trpc<{ revision: number }>(
    request,
    'workflows.getDraft',
    { workspaceId, workflowId: hold.id },
    'query',
  );
  await trpc(
    request,
    'workflows.saveDraft',
    {
      workspaceId,
      workflowId: hold.id,
      expectedRevision: draft.revision,
      graph: {
        nodes: [
          { id: 'claim', type: 'ingest', typeVersion: 1, label: 'Claim photos', config: {}, position: { x: 0, y: 0 } },
          {
            id: 'review',
            type: 'human-task',
            typeVersion: 1,
            label: 'Manual review',
            config: {},
            position: { x: 300, y: 0 },
          },
        ],
        edges: [{ from: { node: 'claim', port: 'media' }, to: { node: 'review', port: 'media' } }],
      },
    },
    'mutation',
  );
  const holdRun = await trpc<{ runId: string }>(
    request,
    'workflows.testRun',
    { workspaceId, workflowId: hold.id, demoSample: 'clean-housing' },
    'mutation',
  );
  await waitForSteps(request, workspaceId, holdRun.runId, (_s, status) => status === 'waiting');
  await waitForSteps(request, workspaceId, triageRun.runId, (steps) =>
    ['classify-defect', 'read-serial', 'triage'].every(
      (n) => steps.find((s) => s.nodeId === n)?.status === 'succeeded',
    ),
  );
  return { triageRunId: triageRun.runId, holdRunId: holdRun.runId, holdWorkflowId: hold.id, holdName };
}

test('runs: list, filter, open a run with its timeline and evidence, cancel a waiting run', async ({
  page,
  signIn,
  state,
}) => {
  test.setTimeout(240_000);
  await signIn('owner');
  const { triageRunId, holdRunId, holdWorkflowId, holdName } = await startRuns(page.request, state);

  await page.goto('/w/demo/runs');
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
  const rows = page.getByTestId('run-row');
  await expect(page.getByRole('link', { name: `Run ${triageRunId}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Run ${holdRunId}` })).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await screenshot(page, 'runs-list');

  // Filter by status: the URL carries it, only waiting runs remain.
  await page.getByRole('button', { name: 'Waiting', exact: true }).click();
  await expect(page).toHaveURL(/status=waiting/);
  await expect(page.getByRole('link', { name: `Run ${holdRunId}` })).toBeVisible();
  expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(
    new Set(['waiting']),
  );
  // …and by workflow: only the hold-for-review run is left.
  await page.getByLabel('Workflow').selectOption({ label: holdName });
  await expect(page).toHaveURL(new RegExp(`workflow=${holdWorkflowId}`));
  await expect(page.getByRole('link', { name: `Run ${triageRunId}` })).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  // A reload keeps the filters.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Waiting', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).not.toHaveURL(/status=|workflow=/);
  await expect(page.getByRole('link', { name: `Run ${triageRunId}` })).toBeVisible();

  // Open the triage run: the timeline, then a step's evidence.
  await page.getByRole('link', { name: `Run ${triageRunId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${triageRunId}$`));
  const timeline = page.getByTestId('step-timeline');
  await expect(timeline.getByTestId('timeline-row')).toHaveCount(8);
  await timeline.locator('[data-node="classify-defect"]').click();
  const inspector = page.getByTestId('step-inspector');
  await expect(inspector).toContainText('Classify defect');
  await expect(inspector).toContainText(/defect-classifier@\d+\.\d+\.\d+/);
  await expect(inspector.getByRole('meter').first()).toBeVisible();
  await timeline.locator('[data-node="read-serial"]').click();
  await expect(inspector).toContainText('KD20931874');
  await timeline.locator('[data-node="triage"]').click();
  await expect(inspector.getByRole('list', { name: 'Decision trace' })).toBeVisible();
  await expect(inspector.locator('[data-state="matched"], [data-state="outcome"]').first()).toBeVisible();
  await timeline.locator('[data-node="detect-product"]').click();
  await expect(inspector.getByRole('img', { name: /detections? drawn on the image/ })).toBeVisible();
  await expect(page.getByTestId('audit-chain')).toContainText('Hash chain verified');
  await page.setViewportSize({ width: 1440, height: 2600 });
  await page
    .locator('h1')
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'run-detail');

  // The waiting run: cancel it, with confirmation.
  await page.goto(`/w/demo/runs/${holdRunId}`);
  await expect(page.getByTestId('step-timeline').locator('[data-node="review"]')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Review case' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
  await dialog.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByText('Run canceled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await expect(page.getByTestId('audit-chain')).toContainText('Hash chain verified');
  await expect(page.locator('td', { hasText: 'run.canceled' })).toBeVisible();
  await screenshot(page, 'run-detail-canceled');

  // Re-run it from the review step: a new run that keeps the claim step's outputs.
  await page.getByRole('button', { name: 'Re-run from a step' }).click();
  const rerun = page.getByRole('dialog', { name: 'Re-run from a step' });
  await rerun.getByLabel('Start from').selectOption('review');
  await rerun.getByRole('button', { name: 'Start re-run' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${holdRunId}$`));
  await expect(page.getByText('Re-run of', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: holdRunId.slice(0, 8) })).toBeVisible();
  await expect(page.getByTestId('step-timeline').locator('[data-node="review"]')).toBeVisible();
});

test('a viewer sees runs but no cancel or re-run', async ({ page, signIn, state }) => {
  await signIn('viewer');
  const { items } = await trpc<{ items: { id: string; status: string }[] }>(
    page.request,
    'runs.list',
    { workspaceId: state.demoWorkspace.id, limit: 5 },
    'query',
  );
  test.skip(items.length === 0, 'needs the runs of the first test');
  await page.goto(`/w/demo/runs/${items[0]!.id}`);
  await expect(page.getByTestId('step-timeline')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Re-run/ })).toHaveCount(0);
});

test('/metrics answers Prometheus text to loopback callers and refuses a proxied one', async ({ request }) => {
  const res = await request.get('/metrics');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const body = await res.text();
  expect(body).toContain('# TYPE conveyor_step_duration_seconds histogram');
  expect(body).toMatch(/conveyor_queue_depth\{queue="conveyor-steps",state="ready"\} \d+/);
  const proxied = await request.get('/metrics', { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' } });
  expect(proxied.status()).toBe(403);
});

/** A day of real-looking history in the second workspace, so the dashboard has something to show. */
async function seedHistory(db: Db, state: E2EState) {
  const workspaceId = state.otherWorkspace.id;
  const owner = await db.prisma.user.findUniqueOrThrow({ where: { email: state.users.owner.email } });
  const workflow = await db.prisma.workflow.create({
    data: { workspaceId, name: `Seeded triage ${Date.now().toString(36)}`, draftGraph: { nodes: [], edges: [] } },
  });
  const version = await createVersion(db, workflow.id, 1);
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const now = Date.now();
  for (let i = 0; i < 90; i++) {
    const previous = i < 30;
    const createdAt = new Date(now - (previous ? 24 + rand() * 24 : rand() * 23.5) * 3_600_000);
    const defect = previous ? 0.35 + rand() * 0.4 : 0.55 + rand() * 0.44;
    const review = defect < 0.85 && rand() < 0.5;
    const failed = !review && rand() < 0.08;
    const steps: SeedStep[] = [
      { nodeId: 'claim', nodeType: 'ingest', status: 'succeeded', startS: 0, endS: 0.02 + rand() * 0.05 },
      {
        nodeId: 'detect',
        nodeType: 'detector',
        status: 'succeeded',
        startS: 0.1,
        endS: 0.3 + rand() * 0.4,
        outputs: {
          detections: {
            model: { name: 'coco-detector', version: '3.3.6' },
            items: [
              {
                mediaId: 'm',
                label: 'cell phone',
                score: 0.6 + rand() * 0.35,
                box: { x: 0.1, y: 0.1, width: 0.6, height: 0.7 },
              },
            ],
          },
        },
      },
      {
        nodeId: 'classify',
        nodeType: 'classifier',
        status: failed ? 'failed' : 'succeeded',
        startS: 0.1,
        endS: 0.12 + rand() * 0.05,
        ...(failed
          ? {}
          : {
              outputs: {
                classification: {
                  model: { name: 'defect-classifier', version: previous ? '1.0.0' : '1.1.0' },
                  label: 'defect',
                  score: defect,
                  scores: { defect, ok: 1 - defect },
                },
              },
            }),
      },
      ...(failed
        ? []
        : [{ nodeId: 'route', nodeType: 'rule', status: 'succeeded', startS: 0.8, endS: 0.802 + rand() * 0.004 }]),
      ...(review
        ? [
            {
              nodeId: 'review',
              nodeType: 'human-task',
              status: i % 9 === 0 ? 'waiting' : 'succeeded',
              startS: 0.81,
              endS: 0.9,
            },
          ]
        : []),
    ];
    const status = failed ? 'failed' : review && i % 9 === 0 ? 'waiting' : 'succeeded';
    const { runId, stepIds } = await seedRun(db, {
      workspaceId,
      workflowId: workflow.id,
      versionId: version.id,
      status,
      createdAt,
      endS: status === 'waiting' ? null : 2 + rand() * 30,
      correlationKey: `CLM-${2000 + i}`,
      ...(failed ? { error: { message: 'defect-classifier pool timed out', code: 'timeout' } } : {}),
      steps,
    });
    if (review) {
      await seedTask(db, {
        workspaceId,
        workflowId: workflow.id,
        runId,
        stepId: stepIds.review!,
        ...(status === 'waiting'
          ? {}
          : {
              decision: {
                action: rand() < 0.7 ? 'approve' : 'reject',
                override: rand() < 0.2,
                decidedById: owner.id,
                decidedAt: new Date(Math.min(now - 60_000, createdAt.getTime() + 20 * 60_000)),
              },
            }),
      });
    }
  }
}

test('dashboard: throughput, latency, automation, override and drift on a seeded day', async ({
  page,
  signIn,
  state,
}) => {
  const db = createDb({ url: state.databaseUrl, max: 2 });
  try {
    await seedHistory(db, state);
  } finally {
    await db.close();
  }
  await signIn('owner');
  await page.goto(`/w/${state.otherWorkspace.slug}/dashboard`);
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toBeVisible();
  await expect(dashboard.getByText('Automation rate')).toBeVisible();
  await expect(dashboard.getByRole('img', { name: 'Runs per hour by status' })).toBeVisible();
  await expect(dashboard.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const drift = dashboard.getByTestId('model-drift');
  await expect(drift.filter({ hasText: 'defect-classifier@1.1.0' })).toContainText(/shift/);
  await expect(drift.filter({ hasText: 'coco-detector@3.3.6' })).toContainText('PSI');
  await page.setViewportSize({ width: 1440, height: 1900 });
  await screenshot(page, 'dashboard');
});
