import { describe, expect, it } from 'vitest';
import { compileRule } from './compile-rule.ts';
import { evaluateRule, type RuleFacts } from './evaluate-rule.ts';
import { ruleConfigSchema } from './rule-config.ts';

const model = { name: 'm', version: '1.0.0' };
const box = { x: 0, y: 0, width: 1, height: 1 };

function facts(
  overrides: { defect?: number; serial?: string | null; labels?: [string, number][]; record?: unknown } = {},
): RuleFacts {
  const defect = overrides.defect ?? 0.62;
  return {
    classification: {
      model,
      label: defect >= 0.5 ? 'defect' : 'ok',
      score: Math.max(defect, 1 - defect),
      scores: { defect, ok: 1 - defect },
    },
    text: {
      model,
      text: 'S/N AB12345678',
      confidence: 0.91,
      serial: overrides.serial === undefined ? 'AB12345678' : overrides.serial,
    },
    detections: {
      model,
      items: (
        overrides.labels ?? [
          ['laptop', 0.92],
          ['scratch', 0.6],
          ['scratch', 0.3],
        ]
      ).map(([label, score]) => ({ mediaId: 'm1', label, score, box })),
    },
    record: overrides.record ?? { claimId: 'C-1', amount: 349.5, vip: false },
  };
}

function evaluate(config: unknown, input: RuleFacts = facts()) {
  return evaluateRule(compileRule(ruleConfigSchema.parse(config)), input);
}

/** One-row table: the row's status and condition trace for a single condition. */
function single(condition: unknown, input: RuleFacts = facts(), name?: string) {
  const result = evaluate({ rows: [{ name, port: 'review', conditions: [condition] }], defaultPort: 'approve' }, input);
  const row = result.rows[0];
  if (!row) throw new Error('no row');
  const trace = row.conditions[0];
  if (!trace) throw new Error('no condition');
  return { port: result.port, status: trace.status, text: trace.text, value: trace.value, row };
}

const DEFECT = 'classification.scores.defect';

describe('confidence bands', () => {
  const bands = {
    rows: [
      {
        name: 'auto-approve',
        port: 'approve',
        conditions: [{ kind: 'band', field: DEFECT, min: 0.85, label: 'defect score' }],
      },
      {
        name: 'review',
        port: 'review',
        conditions: [{ kind: 'band', field: DEFECT, min: 0.4, max: 0.85, label: 'defect score' }],
      },
      {
        name: 'more-info',
        port: 'more-info',
        conditions: [{ kind: 'band', field: DEFECT, max: 0.4, label: 'defect score' }],
      },
    ],
  };

  it('routes a medium score to review with a readable trace', () => {
    const result = evaluate(bands, facts({ defect: 0.62 }));
    expect(result.port).toBe('review');
    expect(result.rowIndex).toBe(1);
    expect(result.rows[1]?.text).toBe('defect score 0.62 is in the review band 0.40–0.85 → review');
    expect(result.trace).toEqual([
      'Row 1 "auto-approve": defect score 0.62 is not in the auto-approve band ≥ 0.85 → no match',
      'Row 2 "review": defect score 0.62 is in the review band 0.40–0.85 → review',
      'Row 3 "more-info": not evaluated (row 2 matched first)',
      'Row 2 matched → review',
    ]);
  });

  it.each([
    [0.97, 'approve'],
    [0.85, 'approve'],
    [0.8499, 'review'],
    [0.4, 'review'],
    [0.3999, 'more-info'],
    [0, 'more-info'],
  ])('treats the lower bound as inclusive and the upper as exclusive (%s → %s)', (defect, port) => {
    expect(evaluate(bands, facts({ defect })).port).toBe(port);
  });

  it('shows the exact value when rounding would hide a missed threshold', () => {
    expect(evaluate(bands, facts({ defect: 0.849 })).rows[0]?.text).toBe(
      'defect score 0.849 is not in the auto-approve band ≥ 0.85 → no match',
    );
  });

  it('names the band by its own name, else the row, else generically', () => {
    expect(single({ kind: 'band', field: DEFECT, max: 0.5, name: 'low' }, facts({ defect: 0.2 })).text).toBe(
      'classification.scores.defect 0.20 is in the low band < 0.50',
    );
    expect(single({ kind: 'band', field: DEFECT, max: 0.5 }, facts({ defect: 0.2 })).text).toBe(
      'classification.scores.defect 0.20 is in the band < 0.50',
    );
  });

  it('calls a missing score missing, not an error', () => {
    const result = single({ kind: 'band', field: 'classification.scores.rust', min: 0.5, label: 'rust score' });
    expect(result).toMatchObject({ status: 'missing', text: 'rust score is missing', port: 'approve' });
  });
});

describe('field comparisons', () => {
  it.each([
    ['eq', 349.5, 'passed', 'record.amount 349.50 equals 349.50'],
    ['ne', 349.5, 'failed', 'record.amount 349.50 equals 349.50'],
    ['lt', 500, 'passed', 'record.amount 349.50 is below 500'],
    ['lte', 300, 'failed', 'record.amount 349.50 is above 300'],
    ['gt', 500, 'failed', 'record.amount 349.50 is not above 500'],
    ['gte', 349.5, 'passed', 'record.amount 349.50 is at least 349.50'],
  ])('%s %s', (op, value, status, text) => {
    expect(single({ kind: 'compare', field: 'record.amount', op, value })).toMatchObject({
      status,
      text,
      value: 349.5,
    });
  });

  it('compares strings and booleans', () => {
    expect(
      single({ kind: 'compare', field: 'classification.label', op: 'eq', value: 'defect', label: 'top label' }),
    ).toMatchObject({
      status: 'passed',
      text: 'top label "defect" equals "defect"',
    });
    expect(single({ kind: 'compare', field: 'record.vip', op: 'eq', value: true }).text).toBe(
      'record.vip false does not equal true',
    );
  });

  it('reports a type mismatch as an evaluation error, never a silent pass', () => {
    const result = single({ kind: 'compare', field: 'text.serial', op: 'gt', value: 5, label: 'serial' });
    expect(result.status).toBe('error');
    expect(result.text).toMatch(/^serial could not be evaluated \(no such overload/);
    expect(result.port).toBe('approve');
  });
});

describe('label presence', () => {
  it('says which labels were found', () => {
    expect(single({ kind: 'label', labels: ['cell phone', 'laptop'], minScore: 0.5, label: 'products' })).toMatchObject(
      {
        status: 'passed',
        text: 'products include "laptop" with score ≥ 0.50',
      },
    );
  });

  it('ignores detections below the score', () => {
    expect(single({ kind: 'label', labels: ['scratch'], minScore: 0.7 })).toMatchObject({
      status: 'failed',
      text: 'detections do not include "scratch" with score ≥ 0.70',
    });
  });

  it('can require a label to be absent', () => {
    expect(single({ kind: 'label', labels: ['water'], present: false }).status).toBe('passed');
    expect(single({ kind: 'label', labels: ['laptop'], present: false }).status).toBe('failed');
  });

  it('shortens long label lists', () => {
    expect(single({ kind: 'label', labels: ['a', 'b', 'c', 'd', 'e'] }).text).toBe(
      'detections do not include "a", "b", "c" or 2 more with score ≥ 0.50',
    );
  });

  it('treats absent detections as missing', () => {
    expect(single({ kind: 'label', labels: ['laptop'] }, { ...facts(), detections: undefined })).toMatchObject({
      status: 'missing',
      text: 'detections are missing',
    });
  });
});

describe('counts', () => {
  it('counts labels above a score', () => {
    expect(single({ kind: 'count', labels: ['scratch'], minScore: 0.25, value: 2 })).toMatchObject({
      status: 'passed',
      value: 2,
      text: 'count of "scratch" detections with score ≥ 0.25 is 2, at least 2',
    });
    expect(single({ kind: 'count', labels: ['scratch'], minScore: 0.5, value: 2 })).toMatchObject({
      status: 'failed',
      text: 'count of "scratch" detections with score ≥ 0.50 is 1, not at least 2',
    });
  });

  it('counts every item when no label is given', () => {
    expect(single({ kind: 'count', op: 'eq', value: 3 })).toMatchObject({
      status: 'passed',
      text: 'count of detections is 3, exactly 3',
    });
    expect(single({ kind: 'count', op: 'lt', value: 3 }).text).toBe('count of detections is 3, not fewer than 3');
  });

  it('stores counts as plain numbers (CEL ints are bigints)', () => {
    const { value } = single({ kind: 'count', value: 1 });
    expect(typeof value).toBe('number');
    expect(() =>
      JSON.stringify(evaluate({ rows: [{ port: 'review', conditions: [{ kind: 'count', value: 1 }] }] })),
    ).not.toThrow();
  });
});

describe('presence', () => {
  it('sees a read serial number', () => {
    expect(single({ kind: 'present', field: 'text.serial', label: 'serial number' })).toMatchObject({
      status: 'passed',
      text: 'serial number is present ("AB12345678")',
    });
  });

  it('treats null and absent inputs as missing', () => {
    expect(single({ kind: 'present', field: 'text.serial' }, facts({ serial: null }))).toMatchObject({
      status: 'failed',
      text: 'text.serial is missing',
    });
    expect(single({ kind: 'present', field: 'text.serial' }, { ...facts(), text: undefined }).status).toBe('failed');
  });

  it('can require absence', () => {
    expect(single({ kind: 'present', field: 'text.serial', present: false }, facts({ serial: null }))).toMatchObject({
      status: 'passed',
      text: 'text.serial is missing',
    });
    expect(single({ kind: 'present', field: 'record.nothing', present: false }).status).toBe('passed');
    expect(single({ kind: 'present', field: 'text.serial', present: false })).toMatchObject({
      status: 'failed',
      text: 'text.serial is present ("AB12345678")',
    });
  });
});

describe('expressions', () => {
  it('evaluates CEL and labels it in the trace', () => {
    expect(
      single({ kind: 'expression', expression: 'record.amount > 300.0 && !record.vip', label: 'costly claim' }),
    ).toMatchObject({
      status: 'passed',
      text: 'costly claim is true',
    });
    expect(single({ kind: 'expression', expression: 'record.amount > 1000.0' }).text).toBe(
      '`record.amount > 1000.0` is false',
    );
  });

  it('reports a non-boolean result as an error', () => {
    expect(single({ kind: 'expression', expression: 'record.amount' })).toMatchObject({
      status: 'error',
      text: '`record.amount` could not be evaluated (expected true or false, got number)',
    });
  });

  it('reports a missing key as an error naming the key', () => {
    expect(single({ kind: 'expression', expression: 'record.missing == 1' }).text).toMatch(/No such key: missing/);
  });
});

describe('malicious input', () => {
  it('cannot read prototypes through data', () => {
    const hostile = facts({ record: JSON.parse('{"__proto__": {"admin": true}, "constructor": {"name": "x"}}') });
    expect(single({ kind: 'expression', expression: 'record.admin == true' }, hostile).status).toBe('error');
    expect(single({ kind: 'compare', field: 'record.admin', op: 'eq', value: true }, hostile).status).toBe('missing');
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('never turns inherited members into values', () => {
    const plain = facts({ record: { amount: 1 } });
    expect(single({ kind: 'expression', expression: 'record.toString == null' }, plain).status).toBe('error');
    expect(single({ kind: 'present', field: 'record.hasOwnProperty' }, plain).status).toBe('failed');
  });
});

describe('rows', () => {
  it('matches any condition when asked', () => {
    const result = evaluate({
      rows: [
        {
          name: 'risky',
          match: 'any',
          port: 'review',
          conditions: [
            { kind: 'compare', field: 'record.amount', op: 'gt', value: 1000 },
            { kind: 'present', field: 'text.serial', present: false, label: 'serial number' },
            { kind: 'label', labels: ['scratch'], label: 'damage' },
          ],
        },
      ],
      defaultPort: 'approve',
    });
    expect(result.rows[0]?.text).toBe(
      'record.amount 349.50 is not above 1000 or serial number is present ("AB12345678") or damage include "scratch" with score ≥ 0.50 → review',
    );
    expect(result.port).toBe('review');
  });

  it('evaluates every condition of a row for the trace', () => {
    const result = evaluate({
      rows: [
        {
          port: 'approve',
          conditions: [
            { kind: 'band', field: DEFECT, min: 0.9 },
            { kind: 'count', value: 1 },
          ],
        },
      ],
    });
    expect(result.rows[0]?.conditions.map((c) => c.status)).toEqual(['failed', 'passed']);
    expect(result.port).toBe('review');
  });

  it('takes the first matching row', () => {
    const result = evaluate({
      rows: [
        { port: 'more-info', conditions: [{ kind: 'count', value: 1 }] },
        { port: 'approve', conditions: [{ kind: 'count', value: 1 }] },
      ],
    });
    expect(result).toMatchObject({ port: 'more-info', rowIndex: 0 });
    expect(result.rows[1]).toMatchObject({ status: 'not-evaluated', conditions: [] });
  });

  it('falls back to the default port', () => {
    const result = evaluate({
      rows: [{ port: 'approve', reasonCode: 'sure', conditions: [{ kind: 'band', field: DEFECT, min: 0.99 }] }],
      defaultPort: 'more-info',
    });
    expect(result).toMatchObject({ port: 'more-info', rowIndex: null, reasonCode: undefined });
    expect(result.trace.at(-1)).toBe('No row matched → more-info (default)');
  });

  it('uses the default for an empty table', () => {
    expect(evaluate({}).trace).toEqual(['No row matched → review (default)']);
  });

  it('carries the matched row’s reason code', () => {
    const result = evaluate({
      rows: [{ port: 'approve', reasonCode: 'product-seen', conditions: [{ kind: 'label', labels: ['laptop'] }] }],
    });
    expect(result.reasonCode).toBe('product-seen');
  });

  it('routes a run with no inputs at all to the default port', () => {
    const result = evaluate(
      { rows: [{ port: 'approve', conditions: [{ kind: 'band', field: DEFECT, min: 0.5 }] }] },
      {},
    );
    expect(result.port).toBe('review');
    expect(result.rows[0]?.conditions[0]?.status).toBe('missing');
  });
});
