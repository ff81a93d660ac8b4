import { z } from 'zod';
import { defineNode } from '@conveyor/nodes';
import { defineExecutor } from '@conveyor/nodes/server';

/** A logic step that passes its input on (the cheap steps around the webhook). */
export const passDefinition = defineNode({
  type: 'reliability-pass',
  version: 1,
  title: 'Pass',
  category: 'logic',
  description: 'passes its input on',
  entry: true,
  config: z.object({}),
  inputs: { in: { type: 'any' }, input: { type: 'any' } },
  outputs: { out: { type: 'any' } },
});
export const passExecutor = defineExecutor(passDefinition, async (_ctx, inputs) => ({
  outputs: { out: inputs.in ?? inputs.input ?? null },
}));

/** source → pass → webhook → pass → pass: five steps, one outside effect in the middle. */
export function fiveNodeGraph(url: string) {
  const pass = (id: string) => ({ id, type: 'reliability-pass', typeVersion: 1, config: {} });
  return {
    nodes: [
      pass('source'),
      pass('prepare'),
      {
        id: 'notify',
        type: 'webhook',
        typeVersion: 1,
        config: { url, secret: 'receiver', timeoutMs: 5000, maxAttempts: 10 },
      },
      pass('after'),
      pass('done'),
    ],
    edges: [
      { from: { node: 'source', port: 'out' }, to: { node: 'prepare', port: 'in' } },
      { from: { node: 'prepare', port: 'out' }, to: { node: 'notify', port: 'payload' } },
      { from: { node: 'notify', port: 'response' }, to: { node: 'after', port: 'in' } },
      { from: { node: 'after', port: 'out' }, to: { node: 'done', port: 'in' } },
    ],
  };
}
