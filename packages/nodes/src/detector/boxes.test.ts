import { describe, expect, it } from 'vitest';
import { centerInRegion, clipBox, normalizeBox } from './boxes.ts';

describe('boxes', () => {
  it('normalises pixels to fractions of the image', () => {
    expect(normalizeBox({ x: 64, y: 48, width: 320, height: 240 }, 640, 480)).toEqual({
      x: 0.1,
      y: 0.1,
      width: 0.5,
      height: 0.5,
    });
  });

  it('clips boxes that overshoot the image', () => {
    expect(normalizeBox({ x: -10, y: 400, width: 110, height: 100 }, 100, 440)).toEqual({
      x: 0,
      y: 400 / 440,
      width: 1,
      height: 1 - 400 / 440,
    });
    const clipped = clipBox({ x: 0.8, y: 0.5, width: 0.5, height: 0.2 });
    expect(clipped).toMatchObject({ x: 0.8, y: 0.5, height: 0.2 });
    expect(clipped.width).toBeCloseTo(0.2, 12);
    expect(clipped.x + clipped.width).toBeLessThanOrEqual(1);
  });

  it('leaves boxes inside the image exactly as they are', () => {
    const box = { x: 0.1, y: 0.2, width: 0.7, height: 0.3 };
    expect(clipBox(box)).toEqual(box);
  });

  it('counts a box in a region when its centre is inside', () => {
    const region = { x: 0.5, y: 0, width: 0.5, height: 0.5 };
    expect(centerInRegion({ x: 0.6, y: 0.1, width: 0.1, height: 0.1 }, region)).toBe(true);
    expect(centerInRegion({ x: 0.3, y: 0.1, width: 0.4, height: 0.1 }, region)).toBe(true); // centre 0.5
    expect(centerInRegion({ x: 0.1, y: 0.1, width: 0.3, height: 0.1 }, region)).toBe(false);
    expect(centerInRegion({ x: 0.6, y: 0.6, width: 0.1, height: 0.1 }, region)).toBe(false);
    expect(centerInRegion({ x: 0, y: 0, width: 0.1, height: 0.1 }, undefined)).toBe(true);
  });
});
