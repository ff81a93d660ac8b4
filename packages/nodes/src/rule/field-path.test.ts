import { describe, expect, it } from 'vitest';
import { fieldPathProblem, fieldPathToCel } from './field-path.ts';

describe('fieldPathProblem', () => {
  it.each([
    'classification.score',
    'classification.scores.defect',
    'text.serial',
    'record.claim.amount',
    'detections.items',
    'classification.scores.cell phone',
    'record.items.0.label',
  ])('accepts %s', (path) => expect(fieldPathProblem(path)).toBeUndefined());

  it('requires a known root', () => {
    expect(fieldPathProblem('claim.amount')).toMatch(
      /must start with one of: detections, classification, text, record/,
    );
    expect(fieldPathProblem('')).toMatch(/must start with/);
  });

  it.each(['record.__proto__', 'record.constructor', 'record.x.prototype', 'record.__proto__.polluted'])(
    'refuses prototype-reaching %s',
    (path) => expect(fieldPathProblem(path)).toMatch(/is not allowed in a field path/),
  );

  it.each(['record.a()', 'record.a[0]', "text.serial'", 'text..serial', 'record.a"b', 'record.' + 'x'.repeat(65)])(
    'refuses malformed %s',
    (path) => expect(fieldPathProblem(path)).toMatch(/is not a valid field name/),
  );
});

describe('fieldPathToCel', () => {
  it('uses member access for identifiers', () => {
    expect(fieldPathToCel('classification.scores.defect')).toBe('classification.scores.defect');
  });

  it('indexes keys that are not CEL identifiers', () => {
    expect(fieldPathToCel('classification.scores.cell phone')).toBe('classification.scores["cell phone"]');
    expect(fieldPathToCel('record.claim-id')).toBe('record["claim-id"]');
    expect(fieldPathToCel('record.in')).toBe('record["in"]');
    expect(fieldPathToCel('record.null')).toBe('record["null"]');
  });

  it('indexes lists with numeric segments', () => {
    expect(fieldPathToCel('detections.items.0.score')).toBe('detections.items[0].score');
  });
});
