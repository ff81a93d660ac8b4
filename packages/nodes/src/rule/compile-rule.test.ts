import { describe, expect, it } from 'vitest';
import { NodeConfigError } from '../sdk/errors.ts';
import { compileRule, conditionToCel } from './compile-rule.ts';
import { conditionSchema, ruleConfigSchema, type RuleConfig } from './rule-config.ts';

const cel = (condition: unknown) => conditionToCel(conditionSchema.parse(condition));

describe('conditionToCel', () => {
  it('compiles bands with an inclusive lower and exclusive upper bound', () => {
    expect(cel({ kind: 'band', field: 'classification.scores.defect', min: 0.4, max: 0.85 })).toEqual({
      value: 'classification.scores.defect',
      test: 'classification.scores.defect >= 0.4 && classification.scores.defect < 0.85',
    });
    expect(cel({ kind: 'band', field: 'classification.score', min: 1 }).test).toBe('classification.score >= 1.0');
    expect(cel({ kind: 'band', field: 'classification.score', max: 0.4 }).test).toBe('classification.score < 0.4');
  });

  it('compiles comparisons with typed literals', () => {
    expect(cel({ kind: 'compare', field: 'record.amount', op: 'lte', value: 500 }).test).toBe('record.amount <= 500.0');
    expect(cel({ kind: 'compare', field: 'record.vip', op: 'eq', value: true }).test).toBe('record.vip == true');
    expect(cel({ kind: 'compare', field: 'text.serial', op: 'ne', value: 'a"b\\c' }).test).toBe(
      'text.serial != "a\\"b\\\\c"',
    );
  });

  it('compiles label presence and counts over lists', () => {
    expect(cel({ kind: 'label', labels: ['crack', 'dent'], minScore: 0.5 })).toEqual({
      value: 'detections.items.filter(d, d.label in ["crack", "dent"] && d.score >= 0.5).map(d, d.label)',
      test: 'detections.items.filter(d, d.label in ["crack", "dent"] && d.score >= 0.5).size() > 0',
    });
    expect(cel({ kind: 'label', labels: ['crack'], minScore: 0, present: false }).test).toBe(
      'detections.items.filter(d, d.label in ["crack"]).size() == 0',
    );
    expect(cel({ kind: 'count', value: 3, op: 'lt' }).test).toBe('detections.items.size() < 3');
    expect(cel({ kind: 'count', labels: ['scratch'], minScore: 0.3, value: 2 }).test).toBe(
      'detections.items.filter(d, d.label in ["scratch"] && d.score >= 0.3).size() >= 2',
    );
  });

  it('compiles presence and passes expressions through', () => {
    expect(cel({ kind: 'present', field: 'text.serial' }).test).toBe('text.serial != null');
    expect(cel({ kind: 'expression', expression: 'record.amount > 1' })).toEqual({ test: 'record.amount > 1' });
  });

  it('produces CEL that compiles for every label, however odd', () => {
    const config = ruleConfigSchema.parse({
      rows: [{ port: 'review', conditions: [{ kind: 'label', labels: ['it\'s "odd" \\ ünïcode 🙂', 'a || b'] }] }],
    });
    expect(() => compileRule(config)).not.toThrow();
  });
});

describe('compileRule', () => {
  it('compiles every row and condition', () => {
    const config = ruleConfigSchema.parse({
      rows: [
        { port: 'approve', conditions: [{ kind: 'band', field: 'classification.score', min: 0.85 }] },
        {
          port: 'review',
          conditions: [
            { kind: 'present', field: 'text.serial' },
            { kind: 'count', value: 1 },
          ],
        },
      ],
    });
    const compiled = compileRule(config);
    expect(compiled.rows.map((r) => r.conditions.length)).toEqual([1, 2]);
    expect(compiled.rows[1]?.conditions[1]?.test.source).toBe('detections.items.size() >= 1');
  });

  it('reports a config that bypassed validation as the analyst’s error, with the field', () => {
    const config: RuleConfig = {
      ports: [{ name: 'review' }],
      defaultPort: 'review',
      rows: [
        { port: 'review', match: 'all', conditions: [{ kind: 'band', field: 'text.confidence', min: 0 }] },
        { port: 'review', match: 'all', conditions: [{ kind: 'expression', expression: 'this is not cel' }] },
      ],
    };
    let caught: unknown;
    try {
      compileRule(config);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NodeConfigError);
    expect((caught as NodeConfigError).field).toBe('rows[1].conditions[0]');
  });
});
