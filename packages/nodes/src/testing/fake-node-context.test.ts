import { describe, expect, it } from 'vitest';
import { delayDefinition } from '../delay/delay.definition.ts';
import { NodeConfigError } from '../sdk/errors.ts';
import { createFakeNodeContext, createMemoryMediaStore } from './fake-node-context.ts';

describe('createFakeNodeContext', () => {
  const ctx = createFakeNodeContext(delayDefinition, {
    inputs: { in: 1 },
    runId: 'run_1',
    nodeId: 'wait',
    secrets: { token: 's3cret' },
  });

  it('parses the config with defaults and derives ids', () => {
    expect(ctx.config).toEqual({ amount: 1, unit: 'hours' });
    expect(ctx.idempotencyKey).toBe('run_1:wait');
    expect(ctx.stepId).toBe('run_1:wait:1');
    expect(ctx.attempt).toBe(1);
    expect(ctx.resume).toBeUndefined();
  });

  it('resolves known secrets and refuses unknown ones as config errors', async () => {
    await expect(ctx.secrets.get('token')).resolves.toBe('s3cret');
    await expect(ctx.secrets.get('toString')).rejects.toBeInstanceOf(NodeConfigError);
  });

  it('fails loudly for services the test did not provide', async () => {
    await expect(ctx.infer({ model: 'coco-detector', inputs: {} })).rejects.toThrow(/no inference handler/);
    await expect(ctx.fetch('https://example.com')).rejects.toThrow(/no fetch handler/);
  });

  it('returns a fresh Date from now() each time', () => {
    const a = ctx.now();
    a.setFullYear(1999);
    expect(ctx.now().getFullYear()).toBe(2026);
  });
});

describe('createMemoryMediaStore', () => {
  it('stores content-addressed and deduplicates', async () => {
    const store = createMemoryMediaStore();
    const bytes = new TextEncoder().encode('hello');
    const a = await store.put(bytes, { contentType: 'text/plain' });
    expect(a.sha256).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(a.size).toBe(5);
    async function* chunks() {
      yield new TextEncoder().encode('hel');
      yield new TextEncoder().encode('lo');
    }
    const b = await store.put(chunks(), { contentType: 'text/plain', width: 1 });
    expect(b).toEqual(a);
    expect(new TextDecoder().decode(await store.get(a))).toBe('hello');
    expect(await store.stat(a)).toEqual(a);
    expect(await store.stat({ ...a, mediaId: 'nope' })).toBeNull();
    await expect(store.get({ ...a, mediaId: 'nope' })).rejects.toThrow(/not found/);
  });
});
