import { NodeConfigError } from '../sdk/errors.ts';
import { compileCel, type CelProgram } from './cel.ts';
import { fieldPathToCel } from './field-path.ts';
import type { CompareOp, RuleConfig, RuleCondition, RuleRow } from './rule-config.ts';

/**
 * Every structured condition becomes CEL source, so one sandboxed interpreter evaluates
 * all of them. Each condition has a `test` (true/false) and, where the trace needs the
 * number or text that was tested, a `value` expression read first: if the value cannot
 * be read (missing key, absent input), the condition is "missing", not an error.
 */

export interface ConditionSource {
  readonly test: string;
  readonly value?: string;
}

export interface CompiledCondition {
  readonly condition: RuleCondition;
  readonly test: CelProgram;
  readonly value: CelProgram | undefined;
}

export interface CompiledRow {
  readonly index: number;
  readonly row: RuleRow;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledRule {
  readonly config: RuleConfig;
  readonly rows: readonly CompiledRow[];
}

const CEL_OPS: Record<CompareOp, string> = { eq: '==', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** A CEL double literal; `2` would be an int, and ints and doubles are distinct CEL types. */
function celDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** JSON string escapes are a subset of CEL's, so a JSON string is a valid CEL string literal. */
function celString(value: string): string {
  return JSON.stringify(value);
}

function celLiteral(value: number | string | boolean): string {
  if (typeof value === 'number') return celDouble(value);
  if (typeof value === 'string') return celString(value);
  return value ? 'true' : 'false';
}

/** `list.filter(d, …)` keeping items with one of the labels and at least the score. */
function matchingItems(list: string, labels: readonly string[], minScore: number): string {
  const tests: string[] = [];
  if (labels.length > 0) tests.push(`d.label in [${labels.map(celString).join(', ')}]`);
  if (minScore > 0) tests.push(`d.score >= ${celDouble(minScore)}`);
  return tests.length === 0 ? list : `${list}.filter(d, ${tests.join(' && ')})`;
}

export function conditionToCel(condition: RuleCondition): ConditionSource {
  switch (condition.kind) {
    case 'band': {
      const value = fieldPathToCel(condition.field);
      const bounds: string[] = [];
      if (condition.min !== undefined) bounds.push(`${value} >= ${celDouble(condition.min)}`);
      if (condition.max !== undefined) bounds.push(`${value} < ${celDouble(condition.max)}`);
      return { value, test: bounds.join(' && ') };
    }
    case 'compare': {
      const value = fieldPathToCel(condition.field);
      return { value, test: `${value} ${CEL_OPS[condition.op]} ${celLiteral(condition.value)}` };
    }
    case 'present': {
      const value = fieldPathToCel(condition.field);
      return { value, test: `${value} != null` };
    }
    case 'label': {
      const matching = matchingItems(fieldPathToCel(condition.field), condition.labels, condition.minScore);
      // The value lists the labels found, so the trace can say which product was seen.
      const found = `${matching}.map(d, d.label)`;
      return { value: found, test: condition.present ? `${matching}.size() > 0` : `${matching}.size() == 0` };
    }
    case 'count': {
      const count = `${matchingItems(fieldPathToCel(condition.field), condition.labels, condition.minScore)}.size()`;
      return { value: count, test: `${count} ${CEL_OPS[condition.op]} ${condition.value}` };
    }
    case 'expression':
      return { test: condition.expression };
  }
}

/**
 * Compiles a parsed rule config once per execution. The config schema already compiled
 * every expression, so a failure here means the config bypassed validation; it is
 * reported as the analyst's error with the field to fix.
 */
export function compileRule(config: RuleConfig): CompiledRule {
  const rows = config.rows.map((row, rowIndex): CompiledRow => ({
    index: rowIndex,
    row,
    conditions: row.conditions.map((condition, conditionIndex) => {
      const field = `rows[${rowIndex}].conditions[${conditionIndex}]`;
      const source = conditionToCel(condition);
      const test = compileOrThrow(source.test, 'bool', field);
      const value = source.value === undefined ? undefined : compileOrThrow(source.value, 'any', field);
      return { condition, test, value };
    }),
  }));
  return { config, rows };
}

function compileOrThrow(source: string, expect: 'bool' | 'any', field: string): CelProgram {
  const compiled = compileCel(source, expect);
  if (compiled.ok) return compiled.program;
  throw new NodeConfigError(`Rule condition does not compile: ${compiled.message}`, { field });
}
