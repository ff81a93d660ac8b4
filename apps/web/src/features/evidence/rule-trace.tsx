import { ArrowRight, Check, Minus, X } from 'lucide-react';
import { Badge } from '@/components/ui';
import { cn } from '@/lib/cn';
import type { Decision } from './evidence-model';

export interface RuleTraceProps {
  decision: Decision;
  className?: string;
}

const SOURCE_LABEL: Record<Decision['source'], string> = {
  rule: 'Decided by rule',
  human: 'Decided by a reviewer',
  timeout: 'Decided by timeout',
};

type LineState = 'matched' | 'not-matched' | 'not-evaluated' | 'outcome' | 'note';

/**
 * A decision explained in words: each row of the decision table with why it did or did
 * not match ("defect score 0.62 is in the review band 0.40–0.85 → review"), the row that
 * won, and the port taken. Reviewer and timeout decisions show their own trace lines.
 */
export function RuleTrace({ decision, className }: RuleTraceProps) {
  const lines = (decision.trace ?? []).map((text, i, all) => ({
    text,
    state: lineState(text, i, all.length, decision),
  }));
  return (
    <div className={cn('space-y-3', className)}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-zinc-600">{SOURCE_LABEL[decision.source]}</span>
        <ArrowRight aria-hidden className="size-3.5 text-zinc-400" />
        <Badge tone={outcomeTone(decision.outcome)}>{decision.outcome}</Badge>
        {decision.reasonCode ? <Badge tone="muted">reason: {decision.reasonCode}</Badge> : null}
        {decision.decidedBy ? <span className="text-xs text-zinc-500">by {decision.decidedBy}</span> : null}
      </div>
      {lines.length ? (
        <ol className="space-y-1" aria-label="Decision trace">
          {lines.map((l, i) => (
            <li
              key={i}
              data-state={l.state}
              className={cn(
                'flex items-start gap-2 rounded-md px-2 py-1.5 text-sm',
                l.state === 'matched' && 'bg-emerald-50 text-emerald-900 ring-1 ring-emerald-200 ring-inset',
                l.state === 'not-matched' && 'text-zinc-700',
                l.state === 'not-evaluated' && 'text-zinc-400',
                l.state === 'outcome' && 'font-medium text-zinc-900',
                l.state === 'note' && 'text-zinc-700',
              )}
            >
              <span aria-hidden className="mt-0.5 shrink-0">
                {l.state === 'matched' ? (
                  <Check className="size-4 text-emerald-600" />
                ) : l.state === 'not-matched' ? (
                  <X className="size-4 text-zinc-400" />
                ) : l.state === 'outcome' ? (
                  <ArrowRight className="size-4 text-zinc-700" />
                ) : (
                  <Minus className="size-4 text-zinc-300" />
                )}
              </span>
              <span>
                {l.state === 'matched' ? <span className="sr-only">Matched: </span> : null}
                {l.text}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-zinc-500">No trace was recorded for this decision.</p>
      )}
      {decision.comment ? (
        <blockquote className="border-l-2 border-zinc-200 pl-3 text-sm text-zinc-700">{decision.comment}</blockquote>
      ) : null}
    </div>
  );
}

function lineState(text: string, index: number, count: number, decision: Decision): LineState {
  if (decision.source !== 'rule') return 'note';
  const row = /^Row (\d+)\b/.exec(text);
  if (index === count - 1 && (/ matched → /.test(text) || /^No row matched/.test(text))) return 'outcome';
  if (!row) return 'note';
  if (/: not evaluated/.test(text)) return 'not-evaluated';
  return decision.rowIndex != null && Number(row[1]) - 1 === decision.rowIndex ? 'matched' : 'not-matched';
}

function outcomeTone(outcome: string) {
  if (/approve|accept|pass/.test(outcome)) return 'success' as const;
  if (/reject|deny|fail/.test(outcome)) return 'danger' as const;
  if (/review|more-info|more_info/.test(outcome)) return 'warning' as const;
  if (/timeout/.test(outcome)) return 'danger' as const;
  return 'neutral' as const;
}
