'use client';

import { AlertTriangle, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Badge, Button, StatusBadge, Tabs } from '@/components/ui';
import { JsonView, StepEvidence } from '@/features/evidence';
import type { RunDetail, StepView } from '@/server/services/runs/run-views';
import { formatDateTime, formatDuration } from './format';

type Tab = 'outputs' | 'inputs' | 'attempts' | 'config';

/**
 * One step in depth: status, timings, model versions and confidence, the error with its
 * reason and retry meaning, outputs and inputs through the evidence views, every attempt,
 * and the node's config as the run's version pinned it.
 */
export function StepInspector({
  step,
  detail,
  canRerun,
  onRerun,
}: {
  step: StepView;
  detail: RunDetail;
  canRerun: boolean;
  onRerun: (step: StepView) => void;
}) {
  const [tab, setTab] = useState<Tab>(step.status === 'failed' ? 'attempts' : 'outputs');
  const context = [
    step.inputs,
    ...detail.steps.filter((s) => s.id !== step.id).map((s) => s.outputs),
    ...detail.steps.map((s) => s.inputs),
  ];
  return (
    <div className="space-y-4" data-testid="step-inspector">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="truncate text-base font-semibold text-zinc-900">{step.title}</h3>
          <p className="text-xs text-zinc-500">
            <span className="font-mono">{step.nodeId}</span> · {step.nodeType} v{step.nodeTypeVersion}
            {step.round ? ` · evidence round ${step.round + 1}` : ''}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <StatusBadge status={step.status} />
          {canRerun ? (
            <Button variant="secondary" size="sm" onClick={() => onRerun(step)}>
              <RotateCcw aria-hidden /> Re-run from here
            </Button>
          ) : null}
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <Fact label="Started">{formatDateTime(step.startedAt)}</Fact>
        <Fact label="Duration">{formatDuration(step.durationMs)}</Fact>
        <Fact label="Attempts">
          {step.attempts.length || (step.status === 'pending' ? 0 : 1)} of {step.maxAttempts}
        </Fact>
        <Fact label="Confidence">{step.confidence === null ? '—' : step.confidence.toFixed(2)}</Fact>
        {step.models.length ? (
          <Fact label="Models" wide>
            <span className="flex flex-wrap gap-1">
              {step.models.map((m) => (
                <Badge key={`${m.name}@${m.version}`} tone="accent" className="font-mono">
                  {m.name}@{m.version}
                </Badge>
              ))}
            </span>
          </Fact>
        ) : null}
        {step.firedPorts.length ? (
          <Fact label="Took port" wide>
            {step.firedPorts.join(', ')}
          </Fact>
        ) : null}
      </dl>

      {step.status === 'skipped' && step.error ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          {step.error.message.replace(/^Skipped: /, 'Skipped — ')}
        </p>
      ) : step.error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="flex items-center gap-2 font-medium">
            <AlertTriangle aria-hidden className="size-4" />
            {step.error.message}
          </p>
          <p className="mt-1 text-xs text-red-800">
            {step.error.code ? (
              <>
                code <span className="font-mono">{step.error.code}</span> ·{' '}
              </>
            ) : null}
            {step.error.retryable === false || step.deadLetteredAt
              ? 'not retried'
              : step.status === 'pending'
                ? 'will be retried'
                : 'retryable'}
            {step.deadLetteredAt ? ` · dead-lettered ${formatDateTime(step.deadLetteredAt)}` : ''}
            {step.error.audience ? ` · ${step.error.audience} error` : ''}
          </p>
        </div>
      ) : null}

      <Tabs<Tab>
        label="Step details"
        value={tab}
        onChange={setTab}
        items={[
          { key: 'outputs', label: 'Outputs' },
          { key: 'inputs', label: 'Inputs' },
          {
            key: 'attempts',
            label: 'Attempts',
            badge: step.attempts.length ? (
              <span className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 tabular-nums">
                {step.attempts.length}
              </span>
            ) : undefined,
          },
          { key: 'config', label: 'Config' },
        ]}
      >
        <div>
          {tab === 'outputs' ? (
            <StepEvidence
              values={step.outputs}
              inputs={step.inputs}
              context={context}
              empty={
                step.status === 'succeeded'
                  ? 'This step produced no outputs.'
                  : `No outputs: the step is ${step.status}.`
              }
            />
          ) : tab === 'inputs' ? (
            <StepEvidence values={step.inputs} context={context} empty="No inputs recorded yet." />
          ) : tab === 'attempts' ? (
            <AttemptsTable step={step} />
          ) : (
            <JsonView value={step.config ?? {}} />
          )}
        </div>
      </Tabs>
    </div>
  );
}

function AttemptsTable({ step }: { step: StepView }) {
  if (!step.attempts.length) return <p className="text-sm text-zinc-500">No attempt has settled yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-zinc-500">
        <tr>
          <th className="py-1 font-medium">#</th>
          <th className="py-1 font-medium">Status</th>
          <th className="py-1 font-medium">Started</th>
          <th className="py-1 font-medium">Duration</th>
          <th className="py-1 font-medium">Models · max score</th>
          <th className="py-1 font-medium">Error</th>
        </tr>
      </thead>
      <tbody>
        {step.attempts.map((a) => (
          <tr key={a.attempt} className="border-t border-zinc-100 align-top">
            <td className="py-1.5 tabular-nums">{a.attempt}</td>
            <td className="py-1.5">
              <StatusBadge status={a.status} />
            </td>
            <td className="py-1.5 text-xs whitespace-nowrap text-zinc-600">{formatDateTime(a.startedAt)}</td>
            <td className="py-1.5 tabular-nums">{formatDuration(a.durationMs)}</td>
            <td className="py-1.5 font-mono text-xs">
              {a.models.join(', ') || '—'}
              {a.maxScore !== null ? ` · ${a.maxScore.toFixed(2)}` : ''}
            </td>
            <td className="py-1.5 text-xs text-red-800">
              {a.error ? (
                <>
                  {a.error.message}
                  {a.error.code ? <span className="ml-1 font-mono text-red-600">({a.error.code})</span> : null}
                </>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Fact({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2' : undefined}>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-zinc-800">{children}</dd>
    </div>
  );
}
