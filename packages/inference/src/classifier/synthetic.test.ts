import { describe, expect, it } from 'vitest';
import { DEFECT_CLASSES, MATERIALS, Rng, generateDataset, generateSample } from './synthetic.ts';

describe('synthetic defect images', () => {
  it('is deterministic per (seed, index) and differs between indices and seeds', () => {
    const a = generateSample(42, 7);
    const b = generateSample(42, 7);
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect([a.label, a.material]).toEqual([b.label, b.material]);
    expect(Buffer.from(generateSample(42, 11).rgb).equals(Buffer.from(a.rgb))).toBe(false);
    expect(Buffer.from(generateSample(43, 7).rgb).equals(Buffer.from(a.rgb))).toBe(false);
  });

  it('balances labels over consecutive indices and covers the materials', () => {
    const set = generateDataset(5, 40, { size: 48 });
    for (const label of DEFECT_CLASSES) expect(set.filter((s) => s.label === label)).toHaveLength(10);
    expect(new Set(set.map((s) => s.material)).size).toBeGreaterThanOrEqual(MATERIALS.length - 1);
    for (const s of set) {
      expect([s.width, s.height, s.rgb.length]).toEqual([48, 48, 48 * 48 * 3]);
      // Textured, not flat.
      expect(new Set(s.rgb).size).toBeGreaterThan(10);
    }
  });

  it('honours a forced label, material and size', () => {
    const s = generateSample(1, 0, { label: 'dent', material: 'painted', size: 128 });
    expect([s.label, s.material, s.width, s.height]).toEqual(['dent', 'painted', 128, 128]);
    expect(() => generateSample(1, 0, { size: 8 })).toThrow(RangeError);
  });

  it('draws defects that change the picture (same scene, with and without damage)', () => {
    // Same seed and index: the same surface and light up to the defect.
    const clean = generateSample(9, 3, { label: 'clean', material: 'brushed-metal' });
    for (const label of ['scratch', 'crack', 'dent'] as const) {
      const damaged = generateSample(9, 3, { label, material: 'brushed-metal' });
      let diff = 0;
      for (let i = 0; i < clean.rgb.length; i++) diff += Math.abs(clean.rgb[i]! - damaged.rgb[i]!);
      expect(diff / clean.rgb.length, label).toBeGreaterThan(1);
    }
  });

  it('Rng: uniform in [0, 1), integers inclusive', () => {
    const rng = new Rng(123);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng.next();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 200 }, () => rng.int(1, 3)));
    expect([...ints].sort()).toEqual([1, 2, 3]);
  });
});
