import { problem } from './problem.ts';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most values (objects, arrays, scalars) in the whole document. */
  maxValues: number;
}

/** A claim record is a few hundred values; ten thousand leaves room without inviting abuse. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxValues: 10_000 };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * JSON as a public endpoint must take it: valid UTF-8 (a lone surrogate or an overlong
 * byte is refused, not replaced), bounded nesting checked on the bytes *before* parsing
 * (so a 100 000-deep array cannot overflow the parser's stack), bounded size, and no
 * U+0000, which Postgres jsonb cannot store (it would fail later, as a 500).
 */
export function parseStrictJson(bytes: Uint8Array, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw problem('invalid-utf8', 'The body contains bytes that are not valid UTF-8');
  }
  if (text.trim() === '') throw problem('malformed-json', 'The body is empty; send a JSON object');
  scanStructure(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw problem('malformed-json', error instanceof Error ? error.message : 'Invalid JSON');
  }
  if (text.includes('\\u0000')) refuseNul(value);
  return value;
}

/** Depth and element count from the raw text: strings are skipped, brackets counted. */
function scanStructure(text: string, limits: JsonLimits) {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      values += 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth += 1;
      values += 1;
      if (depth > limits.maxDepth)
        throw problem('json-too-deep', `JSON nesting deeper than ${limits.maxDepth} levels`, {
          extensions: { maxDepth: limits.maxDepth },
        });
    } else if (c === 125 || c === 93) {
      depth -= 1;
    } else if (c === 44 /* , */) {
      values += 1;
    }
    if (values > limits.maxValues)
      throw problem('json-too-large', `JSON with more than ${limits.maxValues} values`, {
        extensions: { maxValues: limits.maxValues },
      });
  }
}

function refuseNul(value: unknown, path = '$'): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      throw problem('unsupported-character', `${path} contains U+0000 (NUL), which cannot be stored`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => refuseNul(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) throw problem('unsupported-character', `a key in ${path} contains U+0000 (NUL)`);
      refuseNul(v, `${path}.${k}`);
    }
  }
}
