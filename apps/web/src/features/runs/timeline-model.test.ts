import { describe, expect, it } from 'vitest';
import type { RunDetail, StepView } from '@/server/services/runs/run-views';
import { buildTimeline, niceTicks } from './timeline-model';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

function step(over: Partial<StepView>): StepView {
  return {
    id: 's',
    nodeId: 'n',
    nodeType: 'detector',
    nodeTypeVersion: 1,
    title: 'n',
    round: 0,
    status: 'succeeded',
    attempt: 1,
    maxAttempts: 3,
    inputs: null,
    outputs: null,
    firedPorts: [],
    error: null,
    waitFor: null,
    resumeAt: null,
    deadLetteredAt: null,
    createdAt: iso(0),
    startedAt: iso(0),
    finishedAt: iso(1),
    durationMs: 1000,
    attempts: [],
    models: [],
    confidence: null,
    config: null,
    ...over,
  };
}
const attempt = (n: number, status: string, start: number, end: number | null) => ({
  attempt: n,
  status: status as StepView['status'],
  workerId: 'w',
  error: null,
  startedAt: iso(start),
  finishedAt: end === null ? null : iso(end),
  durationMs: null,
  models: [],
  maxScore: null,
});

function detail(
  steps: StepView[],
  events: { action: string; stepId: string; at: number }[] = [],
  readAt = 20,
  finished: number | null = null,
) {
  return {
    run: { startedAt: iso(0), createdAt: iso(0), finishedAt: finished === null ? null : iso(finished) },
    steps,
    audit: {
      events: events.map((e) => ({ action: e.action, stepId: e.stepId, createdAt: iso(e.at) })),
      chain: { valid: true, checked: 0, brokenAtId: null },
    },
    readAt: iso(readAt),
  } as unknown as Pick<RunDetail, 'run' | 'steps' | 'audit' | 'readAt'>;
}

describe('buildTimeline', () => {
  it('draws attempts with the backoff between a failure and its retry', () => {
    const t = buildTimeline(
      detail(
        [step({ id: 'd', attempt: 2, attempts: [attempt(1, 'failed', 1, 2), attempt(2, 'succeeded', 4, 6)] })],
        [],
        20,
        10,
      ),
    );
    expect(t.span).toBe(10_000);
    expect(t.rows[0]!.segments).toEqual([
      { kind: 'attempt', status: 'failed', start: 1000, end: 2000, attempt: 1 },
      { kind: 'backoff', status: 'retry', start: 2000, end: 4000 },
      { kind: 'attempt', status: 'succeeded', start: 4000, end: 6000, attempt: 2 },
    ]);
  });

  it('splits a suspended attempt into execution and the wait for a reviewer, open while waiting', () => {
    const t = buildTimeline(
      detail(
        [step({ id: 'h', nodeType: 'human-task', status: 'waiting', attempts: [attempt(1, 'waiting', 3, 3.5)] })],
        [{ action: 'step.waiting', stepId: 'h', at: 3.5 }],
        30,
      ),
    );
    expect(t.rows[0]!.segments).toEqual([
      { kind: 'attempt', status: 'succeeded', start: 3000, end: 3500, attempt: 1 },
      { kind: 'wait', status: 'waiting', start: 3500, end: 30_000, open: true },
    ]);
    expect(t.span).toBe(30_000);
  });

  it('keeps the wait of a step canceled while waiting until the run ended', () => {
    const t = buildTimeline(
      detail(
        [
          step({
            id: 'h',
            nodeType: 'human-task',
            status: 'canceled',
            finishedAt: null,
            attempts: [attempt(1, 'waiting', 3, 3.5)],
          }),
        ],
        [{ action: 'step.waiting', stepId: 'h', at: 3.5 }],
        60,
        40,
      ),
    );
    expect(t.rows[0]!.segments[1]).toEqual({ kind: 'wait', status: 'done', start: 3500, end: 40_000, open: false });
  });

  it('shows the attempt in flight, which has no row until it settles', () => {
    const t = buildTimeline(detail([step({ id: 'r', status: 'running', startedAt: iso(2), finishedAt: null })], [], 5));
    expect(t.rows[0]!.segments).toEqual([
      { kind: 'attempt', status: 'running', start: 2000, end: 5000, attempt: 1, open: true },
    ]);
  });

  it('marks the steps a re-run kept from the earlier run instead of drawing them', () => {
    const d = detail(
      [
        step({ id: 'k', startedAt: iso(-60), finishedAt: iso(-59) }),
        step({ id: 'n', startedAt: iso(1), finishedAt: iso(2) }),
      ],
      [],
      5,
      3,
    );
    (d.run as { rerunOfId: string | null }).rerunOfId = 'earlier';
    const t = buildTimeline(d);
    expect(t.rows.map((r) => r.kept ?? false)).toEqual([true, false]);
    expect(t.rows[0]!.segments).toEqual([]);
  });

  it('picks round ticks', () => {
    expect(niceTicks(10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(niceTicks(45)).toEqual([0, 10, 20, 30, 40]);
  });
});
