/**
 * Field paths an analyst picks in a rule condition, e.g. `classification.scores.defect`.
 * They are compiled to CEL member access; validating them here gives the editor a
 * precise message instead of a CEL parse error, and refuses prototype-reaching names
 * outright (CEL would refuse them too — two locks on that door).
 */

/** The values a rule can read: its input ports. */
export const FACT_ROOTS = ['detections', 'classification', 'text', 'record'] as const;
export type FactRoot = (typeof FACT_ROOTS)[number];

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_ -]{0,63}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDEX = /^[0-9]{1,6}$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
/** CEL reserved words cannot follow a dot; such keys are compiled to `["key"]` instead. */
const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** Why a path is unusable, or undefined when it is fine. */
export function fieldPathProblem(path: string): string | undefined {
  const segments = path.split('.');
  const root = segments[0] ?? '';
  if (!(FACT_ROOTS as readonly string[]).includes(root)) {
    return `must start with one of: ${FACT_ROOTS.join(', ')}`;
  }
  for (const segment of segments) {
    if (FORBIDDEN.has(segment)) return `'${segment}' is not allowed in a field path`;
    if (!SEGMENT.test(segment)) {
      return `'${segment}' is not a valid field name (letters, digits, _, - and spaces)`;
    }
  }
  return undefined;
}

/** CEL source reading the field; the path must have passed `fieldPathProblem`. */
export function fieldPathToCel(path: string): string {
  const [root, ...rest] = path.split('.');
  let out = root ?? '';
  for (const segment of rest) {
    if (INDEX.test(segment)) out += `[${segment}]`;
    else if (IDENTIFIER.test(segment) && !CEL_RESERVED.has(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
