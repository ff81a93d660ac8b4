import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from './define-node.ts';
import { defineExecutor, isSuspension, suspend } from './executor.ts';

describe('suspend', () => {
  it('normalises resumeAt to an ISO timestamp', () => {
    const s = suspend({ kind: 'timer', resumeAt: new Date('2026-03-01T10:00:00Z') });
    expect(s).toEqual({ suspended: true, waitFor: { kind: 'timer', resumeAt: '2026-03-01T10:00:00.000Z' } });
    expect(Object.isFrozen(s) && Object.isFrozen(s.waitFor)).toBe(true);
  });

  it('accepts an ISO string and converts offsets to UTC', () => {
    expect(suspend({ kind: 'timer', resumeAt: '2026-03-01T12:00:00+02:00' }).waitFor).toMatchObject({
      resumeAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('refuses an invalid date', () => {
    expect(() => suspend({ kind: 'timer', resumeAt: 'tomorrow' })).toThrow(/invalid resumeAt/);
  });

  it('requires resumeAt for timers', () => {
    // @ts-expect-error resumeAt is required for timers
    expect(() => suspend({ kind: 'timer' })).toThrow(/timer needs resumeAt/);
  });

  it('lets task and evidence waits go without a deadline', () => {
    expect(suspend({ kind: 'task', task: { title: 'Review' } }).waitFor).toEqual({
      kind: 'task',
      task: { title: 'Review' },
    });
    expect(
      suspend({ kind: 'evidence', request: { message: 'Send a photo of the serial' }, resumeAt: new Date(0) }).waitFor,
    ).toEqual({
      kind: 'evidence',
      request: { message: 'Send a photo of the serial' },
      resumeAt: '1970-01-01T00:00:00.000Z',
    });
  });
});

describe('isSuspension', () => {
  it('tells suspensions from results', () => {
    expect(isSuspension(suspend({ kind: 'task', task: {} }))).toBe(true);
    expect(isSuspension({ outputs: {} })).toBe(false);
    expect(isSuspension({ suspended: 'yes', waitFor: {} })).toBe(false);
    expect(isSuspension(null)).toBe(false);
  });
});

describe('defineExecutor', () => {
  it('binds an execute function to its definition', async () => {
    const def = defineNode({
      type: 'echo',
      version: 1,
      title: 'Echo',
      category: 'logic',
      description: 'x',
      config: z.strictObject({}),
      inputs: { in: { type: 'any', required: true } },
      outputs: { out: { type: 'any' } },
    });
    const executor = defineExecutor(def, async (_ctx, inputs) => ({ outputs: { out: inputs.in } }));
    expect(executor.definition).toBe(def);
    expect(Object.isFrozen(executor)).toBe(true);
  });
});
