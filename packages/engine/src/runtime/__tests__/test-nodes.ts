import { z } from 'zod';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor, NonRetriableError, RetryableError, suspend } from '@conveyor/nodes/server';

// Small executors for engine tests: they exercise the state machine's paths (fan-out,
// branches, failures, timeouts, waits) with observable, deterministic behaviour.

export const sourceDef = defineNode({
  type: 'test-source',
  version: 1,
  title: 'Source',
  category: 'input',
  description: 'emits the run input',
  entry: true,
  config: z.object({}),
  inputs: { input: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
export const source = defineExecutor(sourceDef, async (_ctx, inputs) => ({ outputs: { out: inputs.input } }));

export const addDef = defineNode({
  type: 'test-add',
  version: 1,
  title: 'Add',
  category: 'logic',
  description: 'adds config.n to in.value',
  config: z.object({ n: z.number().default(1) }),
  inputs: { in: { type: 'any', required: true } },
  outputs: { out: { type: 'any' } },
});
export const add = defineExecutor(addDef, async (ctx, inputs) => {
  const v = (inputs.in as { value?: number }).value ?? 0;
  return { outputs: { out: { value: v + ctx.config.n } } };
});

export const gatedDef = defineNode({
  type: 'test-gated',
  version: 1,
  title: 'Gated',
  category: 'logic',
  description: 'passes in through, but only when its gate (if connected) fired',
  config: z.object({}),
  inputs: { in: { type: 'any', required: true }, gate: { type: 'any', gate: true } },
  outputs: { out: { type: 'any' } },
});
export const gated = defineExecutor(gatedDef, async (_ctx, inputs) => ({
  outputs: { out: { in: inputs.in, gated: inputs.gate !== undefined } },
}));

export const sumDef = defineNode({
  type: 'test-sum',
  version: 1,
  title: 'Sum',
  category: 'logic',
  description: 'fan-in: sums every input value',
  config: z.object({}),
  inputs: { in: { type: 'any', multiple: true } },
  outputs: { out: { type: 'any' } },
});
export const sum = defineExecutor(sumDef, async (_ctx, inputs) => ({
  outputs: {
    out: {
      value: ((inputs.in ?? []) as { value: number }[]).reduce((a, b) => a + b.value, 0),
      count: (inputs.in ?? []).length,
    },
  },
}));

export const branchDef = defineNode({
  type: 'test-branch',
  version: 1,
  title: 'Branch',
  category: 'logic',
  description: 'fires yes when value >= threshold',
  config: z.object({ threshold: z.number().default(0) }),
  inputs: { in: { type: 'any', required: true } },
  outputs: { yes: { type: 'any' }, no: { type: 'any' } },
});
export const branch = defineExecutor(branchDef, async (ctx, inputs) => {
  const v = (inputs.in as { value: number }).value;
  return v >= ctx.config.threshold
    ? { outputs: { yes: inputs.in }, firedPorts: ['yes'] }
    : { outputs: { no: inputs.in }, firedPorts: ['no'] };
});

/** Fails `failTimes` times (per run, counted in the shared map), then succeeds. */
export const flakyCalls = new Map<string, number>();
export const flakyDef = defineNode({
  type: 'test-flaky',
  version: 1,
  title: 'Flaky',
  category: 'logic',
  description: 'fails then succeeds',
  config: z.object({
    failTimes: z.number(),
    permanent: z.boolean().default(false),
    retryAfterMs: z.number().optional(),
  }),
  inputs: { in: { type: 'any' } },
  outputs: { out: { type: 'any' }, error: { type: 'any', kind: 'error' } },
});
export const flaky = defineExecutor(flakyDef, async (ctx, inputs) => {
  const key = `${ctx.runId}:${ctx.nodeId}`;
  const calls = (flakyCalls.get(key) ?? 0) + 1;
  flakyCalls.set(key, calls);
  if (calls <= ctx.config.failTimes) {
    if (ctx.config.permanent) throw new NonRetriableError(`permanent failure #${calls}`, { code: 'test_permanent' });
    throw new RetryableError(
      `transient failure #${calls}`,
      ctx.config.retryAfterMs === undefined ? {} : { retryAfterMs: ctx.config.retryAfterMs },
    );
  }
  return { outputs: { out: { value: (inputs.in as { value?: number } | undefined)?.value ?? 0, calls } } };
});

export const sleepDef = defineNode({
  type: 'test-sleep',
  version: 1,
  title: 'Sleep',
  category: 'logic',
  description: 'waits ms (honours abort unless stubborn)',
  config: z.object({ ms: z.number(), stubborn: z.boolean().default(false) }),
  inputs: { in: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
export const sleep = defineExecutor(sleepDef, async (ctx, inputs) => {
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ctx.config.ms);
    if (!ctx.config.stubborn)
      ctx.signal.addEventListener('abort', () => (clearTimeout(t), reject(ctx.signal.reason)), { once: true });
  });
  return { outputs: { out: inputs.in } };
});

export const waitDef = defineNode({
  type: 'test-wait',
  version: 1,
  title: 'Wait',
  category: 'human',
  description: 'suspends for a task, with an SLA',
  config: z.object({ slaMs: z.number().optional() }),
  inputs: { in: { type: 'any' } },
  outputs: { approve: { type: 'any' }, reject: { type: 'any' }, timeout: { type: 'any' } },
});
export const wait = defineExecutor(waitDef, async (ctx, inputs) => {
  if (!ctx.resume) {
    return suspend({
      kind: 'task',
      task: { title: 'Check this', evidence: { input: inputs.in } },
      ...(ctx.config.slaMs ? { resumeAt: new Date(ctx.now().getTime() + ctx.config.slaMs) } : {}),
    });
  }
  if (ctx.resume.timedOut) return { outputs: { timeout: { at: ctx.resume.resumedAt } }, firedPorts: ['timeout'] };
  const decision = ctx.resume.payload as { action: 'approve' | 'reject' };
  return { outputs: { [decision.action]: decision }, firedPorts: [decision.action] };
});

export const bigDef = defineNode({
  type: 'test-big',
  version: 1,
  title: 'Big',
  category: 'logic',
  description: 'returns config.bytes of output',
  config: z.object({ bytes: z.number() }),
  inputs: { in: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
export const big = defineExecutor(bigDef, async (ctx) => ({ outputs: { out: 'x'.repeat(ctx.config.bytes) } }));

export const allTestExecutors = [source, add, gated, sum, branch, flaky, sleep, wait, big];
