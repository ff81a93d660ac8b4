import { describe, expect, it } from 'vitest';
import { celErrorSummary, compileCel, type Facts } from './cel.ts';

const facts: Facts = {
  detections: { items: [{ label: 'crack', score: 0.7 }] },
  classification: { label: 'defect', score: 0.62, scores: { defect: 0.62 } },
  text: { serial: 'AB12345678' },
  record: JSON.parse('{"__proto__": {"polluted": true}, "amount": 120}'),
};

function run(source: string): unknown {
  const compiled = compileCel(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.program.run(facts);
}

function compileError(source: string, expect: 'bool' | 'any' = 'any'): string {
  const compiled = compileCel(source, expect);
  if (compiled.ok) throw new Error(`expected ${source} not to compile`);
  return compiled.message;
}

describe('compileCel', () => {
  it('evaluates against the rule facts', () => {
    expect(run('classification.scores.defect >= 0.4 && classification.scores.defect < 0.85')).toBe(true);
    expect(run('detections.items.exists(d, d.label == "crack")')).toBe(true);
    expect(run('record.amount > 100')).toBe(true);
  });

  it('reports syntax errors on one line', () => {
    expect(compileError('classification.score >=')).toMatch(/^Unexpected token/);
    expect(compileError('classification.score >=')).not.toContain('\n');
  });

  it('refuses undeclared variables at compile time', () => {
    expect(compileError('claim.amount > 1')).toMatch(/Unknown variable: claim/);
    expect(compileError('process.env')).toMatch(/Unknown variable: process/);
  });

  it('requires a boolean when asked', () => {
    expect(compileError('1 + 2', 'bool')).toMatch(/must be true or false, but yields int/);
    expect(compileCel('record.amount', 'bool').ok).toBe(true); // dyn: checked at run time
  });

  it('refuses matches(), whose regexes could stall the runner', () => {
    expect(compileError('text.serial.matches("^(a+)+$")')).toBe('matches() is not available in rule expressions');
    expect(compileError('detections.items.exists(d, matches(d.label, "x"))')).toMatch(/matches\(\)/);
  });

  it('cannot reach JavaScript internals', () => {
    expect(compileCel("constructor.constructor('return process')()").ok).toBe(false);
    expect(compileCel('this.constructor').ok).toBe(false);
    expect(() => run('record.constructor')).toThrow(/No such key: constructor/);
    expect(() => run('classification.__proto__')).toThrow(/No such key: __proto__/);
    expect(() => run('classification["__proto__"]')).toThrow(/No such key: __proto__/);
    // An own "__proto__" key from JSON is plain data, never the prototype, and pollutes nothing.
    expect(run('record.__proto__')).toEqual({ polluted: true });
    expect(() => run('record.polluted')).toThrow(/No such key/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('limits expression size', () => {
    const huge = Array.from({ length: 300 }, () => 'record.amount > 1').join(' && ');
    expect(compileError(huge)).toMatch(/Exceeded maxAstNodes/);
  });
});

describe('celErrorSummary', () => {
  it('keeps the first line', () => {
    expect(celErrorSummary(new Error('No such key: x\n\n>  1 | a.x\n      ^'))).toBe('No such key: x');
    expect(celErrorSummary('plain')).toBe('plain');
  });
});
