import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beat } from '@conveyor/db';
import { ensureQueues, startBoss, STEP_QUEUE } from '@conveyor/engine/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { seedRun, seedTask, seedWorkspace } from '../runs/__tests__/seed-runs.ts';
import { collectMetrics } from './collect-metrics.ts';

let t: TestDatabase;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, as a scraper reads it: HELP/TYPE comments and `name{labels} value`. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ws = await seedWorkspace(t.db);
  const base = { workspaceId: ws.workspace.id, workflowId: ws.workflow.id, versionId: ws.version.id };
  const recent = new Date(Date.now() - 30 * 60_000);
  await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: recent,
    steps: [
      { nodeId: 'classify', nodeType: 'classifier', status: 'succeeded', startS: 0, endS: 0.02 },
      {
        nodeId: 'detect',
        nodeType: 'detector',
        status: 'succeeded',
        startS: 0,
        endS: 3,
        attempts: [
          { status: 'failed', startS: 0, endS: 0.4 },
          { status: 'succeeded', startS: 1, endS: 3 },
        ],
      },
    ],
  });
  const reviewed = await seedRun(t.db, {
    ...base,
    status: 'succeeded',
    createdAt: recent,
    steps: [
      { nodeId: 'classify', nodeType: 'classifier', status: 'succeeded', startS: 0, endS: 0.07 },
      { nodeId: 'review', nodeType: 'human-task', status: 'succeeded' },
    ],
  });
  await seedTask(t.db, {
    ...base,
    runId: reviewed.runId,
    stepId: reviewed.stepIds.review!,
    decision: { action: 'reject', override: true, decidedById: ws.user.id, decidedAt: new Date() },
  });
  await seedRun(t.db, { ...base, status: 'failed', createdAt: recent });
  const waiting = await seedRun(t.db, {
    ...base,
    status: 'waiting',
    createdAt: recent,
    endS: null,
    steps: [{ nodeId: 'review', nodeType: 'human-task', status: 'waiting' }],
  });
  await seedTask(t.db, { ...base, runId: waiting.runId, stepId: waiting.stepIds.review! });
  await seedRun(t.db, { ...base, status: 'succeeded', isTest: true, createdAt: recent });
  await beat(t.db, {
    id: 'pool-cpu-1',
    kind: 'pool',
    pool: 'cpu',
    host: 'test',
    pid: 1,
    startedAt: new Date(),
    info: { items: 42, batchSizeP50: 8, itemMsP50: 12.5, itemMsP95: 30 },
  });
});
afterAll(async () => t?.drop());

describe('collectMetrics', () => {
  it('exposes step latency histograms, runs by status, review rates and pool figures in Prometheus text', async () => {
    const { body, contentType } = await collectMetrics({ db: t.db });
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parse(body);
    const get = (name: string, labels: Record<string, string>) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    expect(types.get('conveyor_step_duration_seconds')).toBe('histogram');
    // Classifier attempts of 20 and 70 ms: one in le=0.025, both by le=0.1.
    const classifier = { node_type: 'classifier', status: 'succeeded' };
    const bucket = (le: string) => get('conveyor_step_duration_seconds_bucket', { ...classifier, le })[0]?.value;
    expect(bucket('0.01')).toBe(0);
    expect(bucket('0.025')).toBe(1);
    expect(bucket('0.05')).toBe(1);
    expect(bucket('0.1')).toBe(2);
    expect(bucket('+Inf')).toBe(2);
    expect(get('conveyor_step_duration_seconds_count', classifier)[0]?.value).toBe(2);
    expect(get('conveyor_step_duration_seconds_sum', classifier)[0]?.value).toBeCloseTo(0.09, 6);
    // Buckets are cumulative in every series.
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === 'conveyor_step_duration_seconds_bucket')) {
      const key = `${s.labels.node_type}/${s.labels.status}`;
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const list of series.values()) {
      const values = list.map((s) => s.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    expect(get('conveyor_step_duration_seconds_count', { node_type: 'detector', status: 'failed' })[0]?.value).toBe(1);

    const slug = ws.workspace.slug;
    expect(get('conveyor_runs', { workspace: slug, status: 'succeeded' })[0]?.value).toBe(2);
    expect(get('conveyor_runs', { workspace: slug, status: 'failed' })[0]?.value).toBe(1);
    expect(get('conveyor_runs', { workspace: slug, status: 'waiting' })[0]?.value).toBe(1);
    // Finished: 2 succeeded + 1 failed, one of them reviewed.
    expect(get('conveyor_automation_ratio', { workspace: slug })[0]?.value).toBeCloseTo(2 / 3, 9);
    expect(get('conveyor_override_ratio', { workspace: slug })[0]?.value).toBe(1);
    expect(get('conveyor_review_tasks_open', { workspace: slug })[0]?.value).toBe(1);
    expect(get('conveyor_pool_items_processed', { pool: 'cpu', worker: 'pool-cpu-1' })[0]?.value).toBe(42);
    expect(get('conveyor_pool_item_milliseconds', { pool: 'cpu', quantile: '0.95' })[0]?.value).toBe(30);
    // No pg-boss schema yet: no queue series, and no failure.
    expect(get('conveyor_queue_depth', {})).toEqual([]);
  });

  it('reports queue depth and age per pg-boss queue', async () => {
    const boss = await startBoss({ url: t.url, max: 2, listenNotify: false });
    try {
      await ensureQueues(boss);
      await boss.send(STEP_QUEUE, { n: 1 });
      await boss.send(STEP_QUEUE, { n: 2 }, { startAfter: new Date(Date.now() + 600_000) });
      const { samples } = parse((await collectMetrics({ db: t.db })).body);
      const depth = (state: string) =>
        samples.find(
          (s) => s.name === 'conveyor_queue_depth' && s.labels.queue === STEP_QUEUE && s.labels.state === state,
        )?.value;
      expect(depth('ready')).toBe(1);
      expect(depth('deferred')).toBe(1);
      expect(depth('active')).toBe(0);
      expect(
        samples.find((s) => s.name === 'conveyor_queue_oldest_ready_seconds' && s.labels.queue === STEP_QUEUE)?.value,
      ).toBeGreaterThanOrEqual(0);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
