import { describe, expect, it } from 'vitest';
import { formatConfigPath } from '../sdk/config.ts';
import { ruleConfigSchema } from './rule-config.ts';

function issues(config: unknown): string[] {
  const result = ruleConfigSchema.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map(
    (i) => `${formatConfigPath(i.path.filter((p) => typeof p !== 'symbol'))}: ${i.message}`,
  );
}

function row(conditions: unknown[], port = 'review') {
  return { port, conditions };
}

const band = { kind: 'band', field: 'classification.scores.defect', min: 0.4, max: 0.85 };

describe('rule config defaults', () => {
  it('starts with approve / review / more-info and no rows', () => {
    expect(ruleConfigSchema.parse({})).toEqual({
      ports: [
        { name: 'approve', title: 'Approve' },
        { name: 'review', title: 'Review' },
        { name: 'more-info', title: 'More info' },
      ],
      rows: [],
      defaultPort: 'review',
    });
  });

  it('does not share the default ports array between parses', () => {
    const a = ruleConfigSchema.parse({});
    a.ports.push({ name: 'x' });
    expect(ruleConfigSchema.parse({}).ports).toHaveLength(3);
  });

  it('fills condition defaults', () => {
    const parsed = ruleConfigSchema.parse({
      rows: [
        row([
          { kind: 'label', labels: ['crack'] },
          { kind: 'count', value: 2 },
          { kind: 'present', field: 'text.serial' },
        ]),
      ],
    });
    expect(parsed.rows[0]).toEqual({
      port: 'review',
      match: 'all',
      conditions: [
        { kind: 'label', field: 'detections.items', labels: ['crack'], minScore: 0.5, present: true },
        { kind: 'count', field: 'detections.items', labels: [], minScore: 0, op: 'gte', value: 2 },
        { kind: 'present', field: 'text.serial', present: true },
      ],
    });
  });
});

describe('rule config validation', () => {
  it('accepts a full decision table', () => {
    expect(
      issues({
        rows: [
          {
            name: 'auto',
            port: 'approve',
            reasonCode: 'high-confidence',
            conditions: [{ ...band, min: 0.85, max: undefined }],
          },
          row([band, { kind: 'compare', field: 'text.confidence', op: 'gte', value: 0.8 }]),
          { port: 'more-info', match: 'any', conditions: [{ kind: 'expression', expression: 'record.amount > 500' }] },
        ],
        defaultPort: 'review',
      }),
    ).toEqual([]);
  });

  it('needs at least one band bound, in order', () => {
    expect(issues({ rows: [row([{ kind: 'band', field: 'classification.score' }])] })).toEqual([
      'rows[0].conditions[0].min: A band needs a lower bound, an upper bound, or both',
    ]);
    expect(issues({ rows: [row([{ ...band, min: 0.9, max: 0.5 }])] })).toEqual([
      'rows[0].conditions[0].max: Upper bound must be greater than the lower bound',
    ]);
    expect(issues({ rows: [row([{ ...band, min: Number.POSITIVE_INFINITY }])] })).toHaveLength(1);
  });

  it('requires row and default ports to be declared', () => {
    expect(issues({ rows: [row([band], 'escalate')], defaultPort: 'nowhere' })).toEqual([
      "rows[0].port: Port 'escalate' is not declared",
      "defaultPort: Port 'nowhere' is not declared",
    ]);
  });

  it('refuses duplicate and malformed port names', () => {
    expect(issues({ ports: [{ name: 'approve' }, { name: 'approve' }], defaultPort: 'approve' })).toEqual([
      "ports[1].name: Port 'approve' is declared twice",
    ]);
    expect(issues({ ports: [{ name: 'More Info' }], defaultPort: 'More Info' })).toEqual([
      'ports[0].name: Use lowercase letters, digits and dashes, e.g. more-info',
      'defaultPort: Use lowercase letters, digits and dashes, e.g. more-info',
    ]);
    expect(issues({ ports: [] })).toEqual([
      'ports: Too small: expected array to have >=1 items',
      "defaultPort: Port 'review' is not declared",
    ]);
  });

  it('refuses prototype-reaching and unknown fields', () => {
    expect(issues({ rows: [row([{ ...band, field: 'record.__proto__.admin' }])] })).toEqual([
      "rows[0].conditions[0].field: Field '__proto__' is not allowed in a field path",
    ]);
    expect(issues({ rows: [row([{ ...band, field: 'claim.score' }])] })).toEqual([
      'rows[0].conditions[0].field: Field must start with one of: detections, classification, text, record',
    ]);
  });

  it('refuses expressions that do not compile, with the reason', () => {
    const expression = (source: string) => issues({ rows: [row([{ kind: 'expression', expression: source }])] });
    expect(expression("constructor.constructor('return process')()")[0]).toMatch(
      /^rows\[0\]\.conditions\[0\]\.expression: Expression: /,
    );
    expect(expression('record.amount +')[0]).toMatch(/Expression: Unexpected token/);
    expect(expression('claim.amount > 1')).toEqual([
      'rows[0].conditions[0].expression: Expression: Unknown variable: claim',
    ]);
    expect(expression('1 + 1')).toEqual([
      'rows[0].conditions[0].expression: Expression: must be true or false, but yields int',
    ]);
    expect(expression('text.serial.matches("(a+)+$")')).toEqual([
      'rows[0].conditions[0].expression: Expression: matches() is not available in rule expressions',
    ]);
  });

  it('refuses unknown kinds, unknown keys and bad values', () => {
    expect(issues({ rows: [row([{ kind: 'javascript', code: 'x' }])] })[0]).toMatch(
      /^rows\[0\]\.conditions\[0\]\.kind/,
    );
    expect(issues({ rows: [row([{ ...band, colour: 'red' }])] })[0]).toMatch(
      /^rows\[0\]\.conditions\[0\]: Unrecognized key/,
    );
    expect(issues({ rows: [row([{ kind: 'count', value: -1 }])] })).toHaveLength(1);
    expect(issues({ rows: [row([{ kind: 'count', value: 1.5 }])] })).toHaveLength(1);
    expect(issues({ rows: [row([{ kind: 'label', labels: ['bad\u0000label'] }])] })).toEqual([
      'rows[0].conditions[0].labels[0]: Labels cannot contain control characters',
    ]);
    expect(issues({ rows: [row([{ kind: 'label', labels: [] }])] })).toHaveLength(1);
    expect(issues({ rows: [row([{ kind: 'compare', field: 'text.serial', op: 'like', value: 'x' }])] })).toHaveLength(
      1,
    );
    expect(issues({ rows: [row([])] })).toHaveLength(1);
    expect(issues({ rows: [{ ...row([band]), reasonCode: 'High Confidence' }] })).toHaveLength(1);
  });
});
