import { describe, expect, it } from 'vitest';
import { getNodeExecutor, nodeCatalog, nodeExecutors } from './server.ts';

describe('server entry', () => {
  it('finds executors by type and version', () => {
    expect(getNodeExecutor('rule', 1)?.definition.type).toBe('rule');
    expect(getNodeExecutor('delay', 1)?.definition.type).toBe('delay');
    expect(getNodeExecutor('rule', 2)).toBeUndefined();
    expect(getNodeExecutor('detector', 1)?.definition.type).toBe('detector');
    expect(getNodeExecutor('detector', 2)).toBeUndefined();
    expect(getNodeExecutor('no-such-node', 1)).toBeUndefined();
  });

  it('binds every executor to a catalog definition', () => {
    for (const executor of nodeExecutors) expect(nodeCatalog).toContain(executor.definition);
  });

  it('has an executor for every catalog node type, exactly one each', () => {
    for (const def of nodeCatalog) {
      expect(
        nodeExecutors.filter((e) => e.definition === def),
        `${def.type}@${def.version}`,
      ).toHaveLength(1);
    }
  });
});
