'use client';

import { AlertOctagon, Clock, X } from 'lucide-react';
import type { inferRouterOutputs } from '@trpc/server';
import { StatusBadge } from '@/components/ui';
import { StepEvidence } from '@/features/evidence';
import type { AppRouter } from '@/server/api/root';

export type TestRunStatus = inferRouterOutputs<AppRouter>['workflows']['testRunStatus'];
type StepView = TestRunStatus['steps'][number];

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function errorOf(error: unknown): { message: string; code?: string; retryable?: boolean } | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { message?: unknown; code?: unknown; retryable?: unknown };
  return {
    message: typeof e.message === 'string' ? e.message : JSON.stringify(error),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.retryable === 'boolean' ? { retryable: e.retryable } : {}),
  };
}

/** The test run as a whole and, for the selected node, its inputs, outputs and error. */
export function TestRunInspector({
  run,
  nodeId,
  nodeName,
  onSelectNode,
  onClose,
  runHref,
}: {
  runHref: string;
  run: TestRunStatus;
  nodeId: string | null;
  nodeName: (id: string) => string;
  onSelectNode: (id: string) => void;
  onClose: () => void;
}) {
  const step = nodeId ? run.steps.find((s) => s.nodeId === nodeId) : undefined;
  const otherOutputs = run.steps.filter((s) => s !== step).map((s) => s.outputs);
  const total = run.startedAt && (run.finishedAt ?? null) ? run.finishedAt!.getTime() - run.startedAt.getTime() : null;
  const runError = errorOf(run.error);
  return (
    <div className="flex flex-col" data-testid="test-run-inspector">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-100 px-4 py-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <span className="text-sm font-semibold">Test run</span>
            <span data-testid="test-run-status">
              <StatusBadge status={run.status} />
            </span>
          </div>
          <div className="mt-0.5 text-[11px] text-zinc-500">
            Draft snapshot · {run.steps.length} steps
            {total !== null ? ` · ${duration(total)}` : ''} ·{' '}
            <a className="underline hover:text-zinc-800" href={runHref}>
              open in runs
            </a>
          </div>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close test run"
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100"
        >
          <X className="size-4" />
        </button>
      </div>
      {runError && !step ? (
        <div className="flex gap-2 border-b border-red-100 bg-red-50 px-4 py-2 text-xs text-red-800">
          <AlertOctagon className="mt-0.5 size-3.5 shrink-0" />
          {runError.message}
        </div>
      ) : null}
      {!step ? (
        <div className="p-4">
          <p className="mb-2 text-xs text-zinc-500">
            Click a node on the canvas, or a step here, to see what it received and produced.
          </p>
          <ul className="flex flex-col gap-1">
            {run.steps.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  onClick={() => onSelectNode(s.nodeId)}
                  className="flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-50"
                >
                  <span className="truncate text-xs font-medium text-zinc-800">{nodeName(s.nodeId)}</span>
                  <span className="flex items-center gap-2">
                    <span className="text-[11px] text-zinc-500 tabular-nums">{duration(s.durationMs)}</span>
                    <StatusBadge status={s.status} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <StepDetail step={step} nodeName={nodeName} context={otherOutputs} onBack={() => onSelectNode('')} />
      )}
    </div>
  );
}

function StepDetail({
  step,
  nodeName,
  context,
  onBack,
}: {
  step: StepView;
  nodeName: (id: string) => string;
  context: unknown[];
  onBack: () => void;
}) {
  const error = errorOf(step.error);
  const waiting =
    step.status === 'waiting' && step.waitFor && typeof step.waitFor === 'object'
      ? (step.waitFor as { kind?: string })
      : null;
  return (
    <div className="p-4" data-testid="step-detail">
      <button type="button" onClick={onBack} className="mb-2 text-[11px] font-medium text-accent-700 hover:underline">
        ← All steps
      </button>
      <div className="mb-3 flex items-center justify-between gap-2">
        <div className="truncate text-sm font-semibold">{nodeName(step.nodeId)}</div>
        <StatusBadge status={step.status} />
      </div>
      <dl className="mb-3 grid grid-cols-3 gap-2 text-[11px]">
        <div>
          <dt className="text-zinc-500">Duration</dt>
          <dd className="font-medium tabular-nums">{duration(step.durationMs) || '—'}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Attempt</dt>
          <dd className="font-medium tabular-nums">
            {step.attempt} of {step.maxAttempts}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Fired</dt>
          <dd className="truncate font-medium">{step.firedPorts.join(', ') || '—'}</dd>
        </div>
      </dl>
      {error ? (
        <div
          className="mb-3 rounded-md border border-red-200 bg-red-50 p-2.5 text-xs text-red-800"
          data-testid="step-error"
        >
          <div className="mb-0.5 flex items-center gap-1 font-semibold">
            <AlertOctagon className="size-3.5" /> Failed{error.code ? ` · ${error.code}` : ''}
          </div>
          {error.message}
        </div>
      ) : null}
      {waiting ? (
        <div className="mb-3 flex items-center gap-1.5 rounded-md border border-amber-200 bg-amber-50 p-2.5 text-xs text-amber-900">
          <Clock className="size-3.5" />
          {waiting.kind === 'task'
            ? 'Waiting for a reviewer: the case is in the review inbox.'
            : `Waiting (${waiting.kind ?? 'resume'}).`}
        </div>
      ) : null}
      <h4 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Output</h4>
      <StepEvidence
        values={step.outputs}
        inputs={step.inputs}
        context={[step.inputs, ...context]}
        empty={step.status === 'pending' || step.status === 'running' ? 'Not finished yet.' : 'No output.'}
      />
      <details className="mt-4">
        <summary className="cursor-pointer text-xs font-semibold tracking-wide text-zinc-500 uppercase">Input</summary>
        <div className="mt-2">
          <StepEvidence values={step.inputs} context={context} empty="No input recorded." />
        </div>
      </details>
    </div>
  );
}
