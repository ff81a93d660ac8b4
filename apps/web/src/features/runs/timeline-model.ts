import type { RunDetail, StepView } from '@/server/services/runs/run-views';

/**
 * The run timeline as bars: for each step, its attempts (execution), the backoff between
 * a failed attempt and the retry, and time spent waiting (for a reviewer, more evidence or
 * a timer). Times are milliseconds from the run's start.
 */
export type SegmentKind = 'attempt' | 'backoff' | 'wait';

export interface Segment {
  kind: SegmentKind;
  /** attempt: its status; wait: `waiting` until resumed, then `done`. */
  status: string;
  start: number;
  end: number;
  attempt?: number;
  /** Still going as of the read: drawn open-ended. */
  open?: boolean;
}

export interface TimelineRow {
  step: StepView;
  segments: Segment[];
  /** A re-run kept this step's earlier result: it did not run in this run. */
  kept?: boolean;
}

export interface Timeline {
  /** Epoch ms of the axis origin (run start, else creation). */
  t0: number;
  /** Length of the axis in ms (never 0). */
  span: number;
  rows: TimelineRow[];
  ticks: number[];
}

const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

export function buildTimeline(detail: Pick<RunDetail, 'run' | 'steps' | 'audit' | 'readAt'>): Timeline {
  const { run } = detail;
  const readAt = Date.parse(detail.readAt);
  const t0 = at(run.startedAt) ?? Date.parse(run.createdAt);
  const waitsByStep = new Map<string, number[]>();
  for (const e of detail.audit.events) {
    if (e.action === 'step.waiting' && e.stepId)
      waitsByStep.set(e.stepId, [...(waitsByStep.get(e.stepId) ?? []), Date.parse(e.createdAt)]);
  }
  const runEnd = at(run.finishedAt);
  const rows = detail.steps.map((step) => ({
    step,
    segments: stepSegments(step, waitsByStep.get(step.id) ?? [], readAt, runEnd),
  }));
  const ends = rows.flatMap((r) => r.segments.map((s) => s.end)).filter((e) => e > t0);
  const t1 = Math.max(at(run.finishedAt) ?? readAt, ...ends.map((e) => e));
  const relRows = rows.map((r) => {
    const finished = at(r.step.finishedAt);
    if (run.rerunOfId && finished !== null && finished <= t0) return { step: r.step, segments: [], kept: true };
    return {
      step: r.step,
      segments: r.segments.map((s) => ({ ...s, start: Math.max(0, s.start - t0), end: Math.max(0, s.end - t0) })),
    };
  });
  const span = Math.max(1, t1 - t0);
  return { t0, span, rows: relRows, ticks: niceTicks(span) };
}

function stepSegments(step: StepView, waits: number[], readAt: number, runEnd: number | null): Segment[] {
  const segments: Segment[] = [];
  const attempts = [...step.attempts].sort((a, b) => a.attempt - b.attempt);
  let previousEnd: number | null = null;
  for (const a of attempts) {
    const start = Date.parse(a.startedAt);
    if (previousEnd !== null && start > previousEnd) {
      segments.push({ kind: 'backoff', status: 'retry', start: previousEnd, end: start });
    }
    const finished = at(a.finishedAt);
    // A suspended attempt keeps its row until the resume settles it: split execution from waiting.
    const suspendedAt = waits.find((w) => w >= start && (finished === null || w <= finished));
    if (suspendedAt !== undefined) {
      segments.push({ kind: 'attempt', status: 'succeeded', start, end: suspendedAt, attempt: a.attempt });
      const waitingNow = step.status === 'waiting' && a.attempt === step.attempt;
      // Resumed: the attempt's row was settled at the resume. Canceled while waiting: the
      // wait lasted until the step (or the run) ended.
      const waitEnd = waitingNow ? readAt : Math.max(finished ?? suspendedAt, at(step.finishedAt) ?? runEnd ?? readAt);
      segments.push({
        kind: 'wait',
        status: waitingNow ? 'waiting' : 'done',
        start: suspendedAt,
        end: waitEnd,
        open: waitingNow,
      });
      previousEnd = waitEnd;
      continue;
    }
    const end = finished ?? readAt;
    segments.push({
      kind: 'attempt',
      status: a.status,
      start,
      end,
      attempt: a.attempt,
      ...(finished === null ? { open: true } : {}),
    });
    previousEnd = end;
  }
  // The attempt in flight has no row until it settles.
  const hasCurrent = attempts.some((a) => a.attempt === step.attempt);
  if (step.status === 'running' && !hasCurrent) {
    const start = Math.max(at(step.startedAt) ?? readAt, previousEnd ?? 0);
    if (previousEnd !== null && start > previousEnd)
      segments.push({ kind: 'backoff', status: 'retry', start: previousEnd, end: start });
    segments.push({ kind: 'attempt', status: 'running', start, end: readAt, attempt: step.attempt, open: true });
  } else if (step.status === 'pending' && previousEnd !== null && step.resumeAt) {
    // Waiting out the backoff before the next attempt.
    segments.push({
      kind: 'backoff',
      status: 'retry',
      start: previousEnd,
      end: Math.max(previousEnd, Math.min(readAt, Date.parse(step.resumeAt))),
      open: true,
    });
  } else if (!attempts.length && step.startedAt && step.finishedAt) {
    segments.push({
      kind: 'attempt',
      status: step.status,
      start: Date.parse(step.startedAt),
      end: Date.parse(step.finishedAt),
      attempt: step.attempt,
    });
  }
  return segments;
}

/** 4–8 round tick positions (ms) over the span. */
export function niceTicks(span: number): number[] {
  const steps = [
    1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
    600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  const step = steps.find((s) => span / s <= 8) ?? Math.ceil(span / 8);
  const ticks: number[] = [];
  for (let t = 0; t <= span; t += step) ticks.push(t);
  return ticks;
}
