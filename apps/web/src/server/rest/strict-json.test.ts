import { describe, expect, it } from 'vitest';
import { ProblemError } from './problem.ts';
import { parseStrictJson } from './strict-json.ts';

const slug = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ProblemError ? error.slug : String(error);
  }
  return 'ok';
};
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('parseStrictJson', () => {
  it('parses ordinary JSON, a BOM and brackets inside strings', () => {
    expect(parseStrictJson(bytes('{"a":[1,{"b":"[[[{{{"}]}'))).toEqual({ a: [1, { b: '[[[{{{' }] });
    expect(parseStrictJson(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{"a":1}')]))).toEqual({ a: 1 });
    expect(parseStrictJson(bytes('{"q":"say \\"[\\" twice"}'))).toEqual({ q: 'say "[" twice' });
  });

  it('refuses what a public endpoint must refuse, each with its own problem', () => {
    expect(slug(() => parseStrictJson(bytes('')))).toBe('malformed-json');
    expect(slug(() => parseStrictJson(bytes('{"a":')))).toBe('malformed-json');
    expect(slug(() => parseStrictJson(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])))).toBe('invalid-utf8');
    expect(slug(() => parseStrictJson(bytes('['.repeat(33) + ']'.repeat(33))))).toBe('json-too-deep');
    expect(slug(() => parseStrictJson(bytes('['.repeat(32) + ']'.repeat(32))))).toBe('ok');
    expect(slug(() => parseStrictJson(bytes(`[${Array(10_001).fill(1).join(',')}]`)))).toBe('json-too-large');
    expect(slug(() => parseStrictJson(bytes('{"a":"x\\u0000y"}')))).toBe('unsupported-character');
    expect(slug(() => parseStrictJson(bytes('{"x\\u0000":1}')))).toBe('unsupported-character');
  });

  it('does not mistake an escaped backslash before a quote for an escaped quote', () => {
    expect(parseStrictJson(bytes('{"path":"C:\\\\","n":[1]}'))).toEqual({ path: 'C:\\', n: [1] });
  });
});
