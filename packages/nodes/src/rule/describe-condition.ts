import type { CompareOp, RuleCondition } from './rule-config.ts';

/**
 * Trace sentences. They are what a reviewer reads in the inbox to see why a case landed
 * with them ("defect score 0.62 is in the review band 0.40–0.85 → review"), so they
 * state the tested value, the threshold and the outcome in plain words.
 */

export type ConditionStatus = 'passed' | 'failed' | 'missing' | 'error';

export interface ConditionOutcome {
  readonly status: ConditionStatus;
  /** The value that was tested (JSON-safe), when it could be read. */
  readonly value?: unknown;
  readonly error?: string;
}

/**
 * Scores read best with two decimals (0.40), but rounding must never hide why a
 * threshold was missed: 0.849 stays 0.849 rather than becoming 0.85.
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const short = value.toFixed(2);
  if (Number(short) === value) return short;
  return String(Number(value.toPrecision(6)));
}

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'an object';
}

const COMPARE_WORDS: Record<CompareOp, readonly [holds: string, fails: string]> = {
  eq: ['equals', 'does not equal'],
  ne: ['does not equal', 'equals'],
  lt: ['is below', 'is not below'],
  lte: ['is at most', 'is above'],
  gt: ['is above', 'is not above'],
  gte: ['is at least', 'is below'],
};

const COUNT_WORDS: Record<CompareOp, string> = {
  eq: 'exactly',
  ne: 'other than',
  lt: 'fewer than',
  lte: 'at most',
  gt: 'more than',
  gte: 'at least',
};

function subject(condition: RuleCondition): string {
  if (condition.label !== undefined) return condition.label;
  if (condition.kind === 'expression') return `\`${condition.expression}\``;
  if ((condition.kind === 'label' || condition.kind === 'count') && condition.field === 'detections.items') {
    return 'detections';
  }
  return condition.field;
}

/** `"a" or "b"`; long lists are cut so a trace line stays readable. */
function labelList(labels: readonly string[], max = 3): string {
  const quoted = labels.map((l) => JSON.stringify(l));
  if (quoted.length <= max) return quoted.join(' or ');
  return `${quoted.slice(0, max).join(', ')} or ${quoted.length - max} more`;
}

function scoreClause(minScore: number): string {
  return minScore > 0 ? ` with score ≥ ${formatNumber(minScore)}` : '';
}

function bandRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${formatNumber(min)}–${formatNumber(max)}`;
  if (min !== undefined) return `≥ ${formatNumber(min)}`;
  return `< ${formatNumber(max ?? Number.NaN)}`;
}

export function describeCondition(
  condition: RuleCondition,
  outcome: ConditionOutcome,
  rowName: string | undefined,
): string {
  const what = subject(condition);
  if (outcome.status === 'error') return `${what} could not be evaluated (${outcome.error ?? 'unknown error'})`;
  const passed = outcome.status === 'passed';
  switch (condition.kind) {
    case 'band': {
      if (outcome.status === 'missing') return `${what} is missing`;
      const name = condition.name ?? rowName;
      const band = `${name === undefined ? 'the band' : `the ${name} band`} ${bandRange(condition.min, condition.max)}`;
      return `${what} ${formatValue(outcome.value)} is ${passed ? '' : 'not '}in ${band}`;
    }
    case 'compare': {
      if (outcome.status === 'missing') return `${what} is missing`;
      const [holds, fails] = COMPARE_WORDS[condition.op];
      return `${what} ${formatValue(outcome.value)} ${passed ? holds : fails} ${formatValue(condition.value)}`;
    }
    case 'present': {
      const isPresent = condition.present === passed;
      return isPresent ? `${what} is present (${formatValue(outcome.value)})` : `${what} is missing`;
    }
    case 'label': {
      if (outcome.status === 'missing') return `${what} are missing`;
      const found = Array.isArray(outcome.value) ? [...new Set(outcome.value.map(String))] : [];
      const score = scoreClause(condition.minScore);
      return found.length > 0
        ? `${what} include ${labelList(found)}${score}`
        : `${what} do not include ${labelList(condition.labels)}${score}`;
    }
    case 'count': {
      if (outcome.status === 'missing') return `${what} are missing`;
      const labels = condition.labels.length > 0 ? `${labelList(condition.labels)} ` : '';
      const counted = `count of ${labels}${what}${scoreClause(condition.minScore)}`;
      return `${counted} is ${formatValue(outcome.value)}, ${passed ? '' : 'not '}${COUNT_WORDS[condition.op]} ${condition.value}`;
    }
    case 'expression':
      return `${what} is ${passed ? 'true' : 'false'}`;
  }
}
