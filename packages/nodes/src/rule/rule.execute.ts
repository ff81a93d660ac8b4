import { defineExecutor } from '../sdk/executor.ts';
import type { Decision } from '../sdk/port-values.ts';
import { compileRule } from './compile-rule.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { ruleDefinition } from './rule.definition.ts';

export const ruleExecutor = defineExecutor(ruleDefinition, async (ctx, inputs) => {
  const evaluation = evaluateRule(compileRule(ctx.config), {
    detections: inputs.detections,
    classification: inputs.classification,
    text: inputs.text,
    record: inputs.record,
  });
  const decision: Decision = {
    outcome: evaluation.port,
    source: 'rule',
    decidedAt: ctx.now().toISOString(),
    rowIndex: evaluation.rowIndex,
    trace: [...evaluation.trace],
    ...(evaluation.reasonCode === undefined ? {} : { reasonCode: evaluation.reasonCode }),
  };
  ctx.logger.info('rule decided', { port: evaluation.port, rowIndex: evaluation.rowIndex });
  // Only the chosen port fires; the engine skips the branches behind the other ports.
  return { outputs: { [evaluation.port]: decision }, firedPorts: [evaluation.port] };
});
