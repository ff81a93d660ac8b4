import { describe, expect, it } from 'vitest';
import { poolQueueName } from './pool-queue.ts';

describe('poolQueueName', () => {
  it('names one queue per pool and refuses names that are not safe identifiers', () => {
    expect(poolQueueName('cpu')).toBe('conveyor-pool-cpu');
    expect(poolQueueName('gpu-h200')).toBe('conveyor-pool-gpu-h200');
    expect(() => poolQueueName('GPU')).toThrow(/Invalid pool name/);
    expect(() => poolQueueName('a/b')).toThrow(/Invalid pool name/);
  });
});
