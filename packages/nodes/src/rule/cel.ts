import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { FACT_ROOTS } from './field-path.ts';

/*
 * Why CEL, through @marcbachmann/cel-js:
 * - CEL (Google's Common Expression Language, used by Kubernetes admission policies and
 *   Envoy) is non-Turing-complete by design: no loops, no assignment, no functions
 *   beyond a fixed library — an analyst's rule can only compute a value.
 * - This implementation is a tree-walking interpreter with zero dependencies. It never
 *   calls eval or `new Function` (filtrex does, so it was ruled out), reads only own
 *   properties, refuses `__proto__`/`constructor`/`prototype`, and has parse-time limits
 *   on AST size and depth. It type-checks against declared variables, which gives the
 *   editor errors before publishing. It is actively maintained (several releases in 2026).
 * - expr-eval is unmaintained and had prototype-pollution / code-injection advisories;
 *   jexl resolves arbitrary member access through JS semantics; @bufbuild/cel needs the
 *   protobuf runtime as a peer. cel-js is smaller and enough for decision tables.
 */

const LIMITS = {
  maxAstNodes: 400,
  maxDepth: 32,
  maxListElements: 200,
  maxMapEntries: 200,
  maxCallArguments: 8,
};

/**
 * `matches()` runs a JS RegExp, which can backtrack catastrophically and stall the runner's
 * event loop for every run; regexes belong in node configs that are compiled once (OCR's
 * serial pattern), not in per-run rule expressions.
 */
const BLOCKED_FUNCTIONS = new Set(['matches']);

const environment = FACT_ROOTS.reduce(
  (env, root) => env.registerVariable(root, 'dyn'),
  new Environment({ unlistedVariablesAreDyn: false, limits: LIMITS }),
);

export type Facts = Readonly<Record<(typeof FACT_ROOTS)[number], unknown>>;

export interface CelProgram {
  readonly source: string;
  run(facts: Facts): unknown;
}

export type CompileResult = { ok: true; program: CelProgram } | { ok: false; message: string };

/**
 * Parses and type-checks CEL source against the rule's facts. With `expect: 'bool'` the
 * expression must be able to yield true/false (a `dyn` result is checked at run time).
 */
export function compileCel(source: string, expect: 'bool' | 'any' = 'any'): CompileResult {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return { ok: false, message: celErrorSummary(error) };
  }
  const blocked = findBlockedCall(parsed.ast);
  if (blocked !== undefined) {
    return { ok: false, message: `${blocked}() is not available in rule expressions` };
  }
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, message: celErrorSummary(checked.error) };
  if (expect === 'bool' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return { ok: false, message: `must be true or false, but yields ${checked.type ?? 'a value'}` };
  }
  return { ok: true, program: { source, run: (facts) => parsed({ ...facts }) } };
}

/** The first line of a cel-js error: the rest is a source excerpt with a caret. */
export function celErrorSummary(error: unknown): string {
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    const text = typeof summary === 'string' && summary !== '' ? summary : error.message;
    return text.split('\n')[0] ?? text;
  }
  return String(error);
}

function findBlockedCall(node: ASTNode): string | undefined {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    if (!isAstNode(current)) continue;
    if (current.op === 'call' || current.op === 'rcall') {
      const name = current.args[0];
      if (BLOCKED_FUNCTIONS.has(name)) return name;
    }
    if (current.op !== 'value' && current.op !== 'id') stack.push(current.args);
  }
  return undefined;
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}
