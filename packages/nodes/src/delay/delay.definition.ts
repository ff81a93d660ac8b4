import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';

export const DELAY_UNIT_MS = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
} as const;

const MAX_DELAY_MS = 365 * DELAY_UNIT_MS.days;

export const delayConfigSchema = z
  .strictObject({
    amount: z.number().int().min(1).default(1).meta({ title: 'Wait' }),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('hours').meta({ title: 'Unit', widget: 'select' }),
  })
  .superRefine((config, ctx) => {
    if (config.amount * DELAY_UNIT_MS[config.unit] > MAX_DELAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A delay can be at most 365 days' });
    }
  });

export type DelayConfig = z.output<typeof delayConfigSchema>;

export function delayMs(config: DelayConfig): number {
  return config.amount * DELAY_UNIT_MS[config.unit];
}

export const delayDefinition = defineNode({
  type: 'delay',
  version: 1,
  title: 'Wait',
  category: 'logic',
  description: 'Pauses the case for a while (durably: restarts do not lose or shorten the wait), then passes it on.',
  icon: 'timer',
  config: delayConfigSchema,
  inputs: {
    in: { type: 'any', title: 'In', required: true },
  },
  outputs: {
    out: { type: 'any', title: 'Out' },
  },
});
