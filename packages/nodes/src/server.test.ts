import { describe, expect, it } from 'vitest';
import { getNodeExecutor, nodeCatalog, nodeExecutors } from './server.ts';

describe('server entry', () => {
  it('finds executors by type and version', () => {
    expect(getNodeExecutor('rule', 1)?.definition.type).toBe('rule');
    expect(getNodeExecutor('delay', 1)?.definition.type).toBe('delay');
    expect(getNodeExecutor('rule', 2)).toBeUndefined();
    expect(getNodeExecutor('detector', 1)).toBeUndefined();
  });

  it('binds every executor to a catalog definition', () => {
    for (const executor of nodeExecutors) expect(nodeCatalog).toContain(executor.definition);
  });
});
