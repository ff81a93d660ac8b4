import { describe, expect, it } from 'vitest';
import { NodeConfigError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { decisionSchema } from '../sdk/port-values.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { ruleDefinition } from './rule.definition.ts';
import { ruleExecutor } from './rule.execute.ts';

const model = { name: 'defect-classifier', version: '1.2.0' };

const config = {
  rows: [
    {
      name: 'auto-approve',
      port: 'approve',
      reasonCode: 'high-confidence',
      conditions: [{ kind: 'band', field: 'classification.scores.defect', min: 0.85, label: 'defect score' }],
    },
    {
      name: 'review',
      port: 'review',
      conditions: [{ kind: 'band', field: 'classification.scores.defect', min: 0.4, max: 0.85, label: 'defect score' }],
    },
  ],
  defaultPort: 'more-info',
};

function classification(defect: number) {
  return { model, label: 'defect', score: defect, scores: { defect, ok: 1 - defect } };
}

async function run(defect: number) {
  const ctx = createFakeNodeContext(ruleDefinition, {
    config,
    inputs: { classification: classification(defect) },
    now: new Date('2026-05-01T12:00:00Z'),
  });
  const result = await ruleExecutor.execute(ctx, ctx.inputs);
  if (isSuspension(result)) throw new Error('rule never suspends');
  return { result, ctx };
}

describe('rule executor', () => {
  it('fires only the matched port with a decision carrying the trace', async () => {
    const { result, ctx } = await run(0.62);
    expect(result.firedPorts).toEqual(['review']);
    expect(Object.keys(result.outputs)).toEqual(['review']);
    const decision = decisionSchema.parse(result.outputs['review']);
    expect(decision).toEqual({
      outcome: 'review',
      source: 'rule',
      decidedAt: '2026-05-01T12:00:00.000Z',
      rowIndex: 1,
      trace: [
        'Row 1 "auto-approve": defect score 0.62 is not in the auto-approve band ≥ 0.85 → no match',
        'Row 2 "review": defect score 0.62 is in the review band 0.40–0.85 → review',
        'Row 2 matched → review',
      ],
    });
    expect(ctx.logs).toEqual([{ level: 'info', message: 'rule decided', fields: { port: 'review', rowIndex: 1 } }]);
  });

  it('records the row’s reason code', async () => {
    const { result } = await run(0.9);
    expect(result.outputs['approve']).toMatchObject({ outcome: 'approve', reasonCode: 'high-confidence', rowIndex: 0 });
  });

  it('takes the default port with no row index', async () => {
    const { result } = await run(0.1);
    expect(result.firedPorts).toEqual(['more-info']);
    expect(result.outputs['more-info']).toMatchObject({ rowIndex: null });
  });

  it('refuses an invalid config as the analyst’s error', () => {
    expect(() =>
      createFakeNodeContext(ruleDefinition, { config: { rows: [{ port: 'nowhere', conditions: [] }] }, inputs: {} }),
    ).toThrow(NodeConfigError);
  });
});
