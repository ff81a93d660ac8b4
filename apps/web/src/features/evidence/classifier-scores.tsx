import { cn } from '@/lib/cn';
import { formatScore } from './evidence-model';

export interface ClassifierScoresProps {
  /** Score per label (0..1). */
  scores: Record<string, number>;
  /** The winning label, highlighted. */
  label?: string;
  model?: { name: string; version: string };
  /** Bands to mark on the scale, e.g. the rule's review band 0.40–0.85. */
  bands?: { from: number; to: number; name: string }[];
  className?: string;
}

/** Classifier scores as horizontal bars, best first, the winner in the accent colour. */
export function ClassifierScores({ scores, label, model, bands = [], className }: ClassifierScoresProps) {
  const rows = Object.entries(scores).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <div className={cn('space-y-2', className)}>
      <ul className="space-y-1.5" aria-label="Class scores">
        {rows.map(([name, score]) => {
          const winner = name === label;
          return (
            <li key={name} className="grid grid-cols-[8rem_1fr_3rem] items-center gap-2 text-xs">
              <span className={cn('truncate', winner ? 'font-semibold text-zinc-900' : 'text-zinc-600')} title={name}>
                {name}
              </span>
              <span
                className="relative h-2.5 overflow-hidden rounded-full bg-zinc-100"
                role="meter"
                aria-label={`${name} score`}
                aria-valuemin={0}
                aria-valuemax={1}
                aria-valuenow={score}
              >
                {bands.map((b) => (
                  <span
                    key={b.name}
                    aria-hidden
                    className="absolute inset-y-0 bg-amber-200/60"
                    style={{ left: `${b.from * 100}%`, width: `${Math.max(0, b.to - b.from) * 100}%` }}
                  />
                ))}
                <span
                  className={cn('absolute inset-y-0 left-0 rounded-full', winner ? 'bg-accent-600' : 'bg-zinc-400')}
                  style={{ width: `${Math.min(1, Math.max(0, score)) * 100}%` }}
                />
              </span>
              <span className={cn('text-right tabular-nums', winner ? 'font-semibold' : 'text-zinc-600')}>
                {formatScore(score)}
              </span>
            </li>
          );
        })}
      </ul>
      {model ? (
        <p className="text-xs text-zinc-500">
          <span className="font-mono">
            {model.name}@{model.version}
          </span>
          {bands.length
            ? ` · shaded: ${bands.map((b) => `${b.name} ${formatScore(b.from)}–${formatScore(b.to)}`).join(', ')}`
            : ''}
        </p>
      ) : null}
    </div>
  );
}
