import { defineExecutor, suspend } from '../sdk/executor.ts';
import { delayDefinition, delayMs } from './delay.definition.ts';

export const delayExecutor = defineExecutor(delayDefinition, async (ctx, inputs) => {
  // The engine executes the node again when the timer fires; only then does it pass on.
  if (ctx.resume?.kind === 'timer') return { outputs: { out: inputs.in } };
  const resumeAt = new Date(ctx.now().getTime() + delayMs(ctx.config));
  return suspend({ kind: 'timer', resumeAt, reason: `Wait ${ctx.config.amount} ${ctx.config.unit}` });
});
