import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { parseRange, sliceStream } from './byte-range';

describe('parseRange', () => {
  it('reads single ranges, open ends and suffixes', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });
  it('refuses what cannot be satisfied and ignores what it does not understand', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange(null, 1000)).toBeNull();
  });
});

describe('sliceStream', () => {
  it('cuts exactly across chunk boundaries', async () => {
    const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 40), bytes.subarray(40, 41), bytes.subarray(41)];
    for (const [start, end] of [
      [0, 99],
      [5, 10],
      [7, 7],
      [39, 41],
      [90, 99],
    ] as const) {
      const out = await buffer(sliceStream(Readable.from(chunks), { start, end }));
      expect([...out]).toEqual([...bytes.subarray(start, end + 1)]);
    }
  });
});
