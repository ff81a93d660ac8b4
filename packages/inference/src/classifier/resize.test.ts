import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../imaging/index.ts';
import { resizeRgb } from './resize.ts';

function gradient(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      rgb[p] = (x * 255) / (width - 1);
      rgb[p + 1] = (y * 255) / (height - 1);
      rgb[p + 2] = 128;
    }
  }
  return { rgb, width, height };
}

describe('resizeRgb', () => {
  it('keeps an image of the same size unchanged and a flat colour flat', () => {
    const image = gradient(16, 16);
    expect(Buffer.from(resizeRgb(image, 16, 16)).equals(Buffer.from(image.rgb))).toBe(true);
    const flat = { rgb: new Uint8Array(50 * 30 * 3).fill(77), width: 50, height: 30 };
    for (const [w, h] of [
      [7, 5],
      [64, 64],
      [200, 11],
    ] as const) {
      expect(new Set(resizeRgb(flat, w, h))).toEqual(new Set([77]));
    }
  });

  it('antialiases when shrinking: a 1 px line in a large image survives', () => {
    const size = 512;
    const rgb = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) rgb.fill(255, (y * size + 301) * 3, (y * size + 302) * 3);
    const small = resizeRgb({ rgb, width: size, height: size }, 64, 64);
    const column = Array.from({ length: 64 }, (_, x) => small[(32 * 64 + x) * 3]!);
    // 8× smaller: the line spreads over about two output columns, ~1/8 of its energy each.
    expect(Math.max(...column)).toBeGreaterThan(15);
    expect(column.reduce((a, b) => a + b, 0)).toBeGreaterThan(25);
  });

  it('crops to a region given in fractions of the image', () => {
    const width = 40;
    const height = 20;
    const rgb = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgb[(y * width + x) * 3 + (x < 20 ? 0 : 2)] = 255;
    }
    const image = { rgb, width, height };
    const right = resizeRgb(image, 8, 8, { x: 0.5, y: 0, width: 0.5, height: 1 });
    for (let p = 0; p < 64; p++) expect([right[p * 3], right[p * 3 + 2]]).toEqual([0, 255]);
    const left = resizeRgb(image, 8, 8, { x: -0.2, y: 0.1, width: 0.6, height: 2 }); // clamped to the image
    for (let p = 0; p < 64; p++) expect([left[p * 3], left[p * 3 + 2]]).toEqual([255, 0]);
    expect(resizeRgb(image, 3, 3, { x: 0.99, y: 0.5, width: 0, height: 0 }).length).toBe(27);
  });

  it('refuses an rgb buffer that does not match the size', () => {
    expect(() => resizeRgb({ rgb: new Uint8Array(10), width: 2, height: 2 }, 4, 4)).toThrow(TypeError);
  });
});
