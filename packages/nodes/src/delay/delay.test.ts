import { describe, expect, it } from 'vitest';
import { isSuspension } from '../sdk/executor.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { delayConfigSchema, delayDefinition, delayMs } from './delay.definition.ts';
import { delayExecutor } from './delay.execute.ts';

describe('delay config', () => {
  it('defaults to one hour', () => {
    const config = delayConfigSchema.parse({});
    expect(config).toEqual({ amount: 1, unit: 'hours' });
    expect(delayMs(config)).toBe(3_600_000);
  });

  it('converts each unit', () => {
    expect(delayMs({ amount: 90, unit: 'seconds' })).toBe(90_000);
    expect(delayMs({ amount: 15, unit: 'minutes' })).toBe(900_000);
    expect(delayMs({ amount: 2, unit: 'days' })).toBe(172_800_000);
  });

  it('refuses zero, fractions, unknown units and more than a year', () => {
    expect(delayConfigSchema.safeParse({ amount: 0 }).success).toBe(false);
    expect(delayConfigSchema.safeParse({ amount: 1.5 }).success).toBe(false);
    expect(delayConfigSchema.safeParse({ unit: 'weeks' }).success).toBe(false);
    expect(delayConfigSchema.safeParse({ amount: 365, unit: 'days' }).success).toBe(true);
    const tooLong = delayConfigSchema.safeParse({ amount: 366, unit: 'days' });
    expect(tooLong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['amount', 'A delay can be at most 365 days'],
    ]);
  });
});

describe('delay executor', () => {
  const now = new Date('2026-05-01T12:00:00Z');

  it('suspends on a durable timer', async () => {
    const ctx = createFakeNodeContext(delayDefinition, {
      config: { amount: 30, unit: 'minutes' },
      inputs: { in: { claimId: 'C-1' } },
      now,
    });
    const result = await delayExecutor.execute(ctx, ctx.inputs);
    expect(isSuspension(result)).toBe(true);
    expect(result).toEqual({
      suspended: true,
      waitFor: { kind: 'timer', resumeAt: '2026-05-01T12:30:00.000Z', reason: 'Wait 30 minutes' },
    });
  });

  it('passes its input on once the timer fires', async () => {
    const ctx = createFakeNodeContext(delayDefinition, {
      inputs: { in: { claimId: 'C-1' } },
      now,
      resume: { kind: 'timer', resumedAt: '2026-05-01T13:00:00.000Z', timedOut: true },
    });
    expect(await delayExecutor.execute(ctx, ctx.inputs)).toEqual({ outputs: { out: { claimId: 'C-1' } } });
  });
});
