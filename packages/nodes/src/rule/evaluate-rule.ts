import { celErrorSummary, type Facts } from './cel.ts';
import type { CompiledCondition, CompiledRow, CompiledRule } from './compile-rule.ts';
import { describeCondition, type ConditionOutcome, type ConditionStatus } from './describe-condition.ts';
import type { FactRoot } from './field-path.ts';

export type RuleFacts = Partial<Record<FactRoot, unknown>>;

export interface ConditionTrace {
  readonly index: number;
  readonly kind: string;
  readonly status: ConditionStatus;
  readonly value?: unknown;
  readonly error?: string;
  readonly text: string;
}

export type RowStatus = 'matched' | 'not-matched' | 'not-evaluated';

export interface RowTrace {
  readonly index: number;
  readonly name: string | undefined;
  readonly port: string;
  readonly status: RowStatus;
  readonly conditions: readonly ConditionTrace[];
  /** e.g. `defect score 0.62 is in the review band 0.40–0.85 → review`. */
  readonly text: string;
}

export interface RuleEvaluation {
  /** The port to fire. */
  readonly port: string;
  /** The matched row, or null when the default port was taken. */
  readonly rowIndex: number | null;
  readonly reasonCode: string | undefined;
  readonly rows: readonly RowTrace[];
  /** One line per row plus the outcome: what reviewers and the audit log see. */
  readonly trace: readonly string[];
}

/**
 * Evaluates the decision table against the facts (the rule's inputs). Pure: no clock,
 * no I/O, so the editor can preview a rule against sample results with the same code.
 * Rows after the first match are not evaluated, as in any first-hit decision table.
 */
export function evaluateRule(rule: CompiledRule, facts: RuleFacts): RuleEvaluation {
  const fullFacts: Facts = {
    detections: facts.detections ?? null,
    classification: facts.classification ?? null,
    text: facts.text ?? null,
    record: facts.record ?? null,
  };
  const rows: RowTrace[] = [];
  let matched: CompiledRow | undefined;
  for (const compiled of rule.rows) {
    if (matched !== undefined) {
      rows.push(skippedRow(compiled, matched));
      continue;
    }
    const trace = evaluateRow(compiled, fullFacts);
    rows.push(trace);
    if (trace.status === 'matched') matched = compiled;
  }
  const port = matched?.row.port ?? rule.config.defaultPort;
  const outcome =
    matched === undefined ? `No row matched → ${port} (default)` : `Row ${matched.index + 1} matched → ${port}`;
  return {
    port,
    rowIndex: matched?.index ?? null,
    reasonCode: matched?.row.reasonCode,
    rows,
    trace: [...rows.map(rowLine), outcome],
  };
}

function evaluateRow(compiled: CompiledRow, facts: Facts): RowTrace {
  const { row } = compiled;
  // Every condition is evaluated, even after the row's outcome is known, so the trace
  // shows reviewers all the evidence rather than just the first failing test.
  const conditions = compiled.conditions.map((condition, index) => {
    const outcome = evaluateCondition(condition, facts);
    return traceCondition(condition, index, outcome, row.name);
  });
  const passed = conditions.map((c) => c.status === 'passed');
  const holds = row.match === 'all' ? passed.every(Boolean) : passed.some(Boolean);
  const joined = conditions.map((c) => c.text).join(row.match === 'all' ? ' and ' : ' or ');
  return {
    index: compiled.index,
    name: row.name,
    port: row.port,
    status: holds ? 'matched' : 'not-matched',
    conditions,
    text: `${joined} → ${holds ? row.port : 'no match'}`,
  };
}

function skippedRow(compiled: CompiledRow, matched: CompiledRow): RowTrace {
  return {
    index: compiled.index,
    name: compiled.row.name,
    port: compiled.row.port,
    status: 'not-evaluated',
    conditions: [],
    text: `not evaluated (row ${matched.index + 1} matched first)`,
  };
}

function rowLine(row: RowTrace): string {
  const name = row.name === undefined ? '' : ` "${row.name}"`;
  return `Row ${row.index + 1}${name}: ${row.text}`;
}

function evaluateCondition(compiled: CompiledCondition, facts: Facts): ConditionOutcome {
  const { condition } = compiled;
  let value: unknown;
  if (compiled.value !== undefined) {
    try {
      value = jsonSafe(compiled.value.run(facts));
    } catch {
      // The field cannot be read: an absent input or a key the model did not return.
      return condition.kind === 'present' && !condition.present
        ? { status: 'passed' }
        : { status: condition.kind === 'present' ? 'failed' : 'missing' };
    }
    if (value === null && condition.kind !== 'present') return { status: 'missing', value };
  }
  let result: unknown;
  try {
    result = compiled.test.run(facts);
  } catch (error) {
    return { status: 'error', value, error: celErrorSummary(error) };
  }
  if (typeof result !== 'boolean') {
    return { status: 'error', value, error: `expected true or false, got ${typeof result}` };
  }
  const passed = condition.kind === 'present' && !condition.present ? !result : result;
  return { status: passed ? 'passed' : 'failed', value };
}

function traceCondition(
  compiled: CompiledCondition,
  index: number,
  outcome: ConditionOutcome,
  rowName: string | undefined,
): ConditionTrace {
  return {
    index,
    kind: compiled.condition.kind,
    status: outcome.status,
    ...(isPrimitive(outcome.value) ? { value: outcome.value } : {}),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    text: describeCondition(compiled.condition, outcome, rowName),
  };
}

/** Only scalars are kept in the stored trace; a whole list would bloat every step row. */
function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** CEL ints are bigints; traces are stored as JSON, so bring them back to numbers. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
}
