import { describe, expect, it } from 'vitest';
import { clampRect, fromCropFrame, iou, normalizeRect, padRect, regionToRect, unionRects } from './boxes.ts';
import { decodeImage } from './decode-image.ts';
import { encodePng } from './encode-image.ts';
import { createRgbImage, type RgbImage } from './rgb-image.ts';
import { cropImage, fitWithin, resizeImage, toGrey } from './transform-image.ts';

function pixel(image: RgbImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [...image.rgb.subarray(i, i + 3)];
}

describe('cropImage', () => {
  it('takes exactly the pixels of the rectangle, and encodes to a PNG that decodes back', () => {
    const image = createRgbImage(10, 8, [0, 0, 0]);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 10; x++) image.rgb.set([x * 20, y * 30, 7], (y * 10 + x) * 3);
    const crop = cropImage(image, { x: 3, y: 2, width: 4, height: 5 });
    expect(crop).toMatchObject({ width: 4, height: 5 });
    expect(pixel(crop, 0, 0)).toEqual([60, 60, 7]);
    expect(pixel(crop, 3, 4)).toEqual([120, 180, 7]);
    const back = decodeImage(encodePng(crop));
    expect(Buffer.from(back.rgb).equals(Buffer.from(crop.rgb))).toBe(true);
  });

  it('refuses rectangles that are not whole pixels inside the image', () => {
    const image = createRgbImage(10, 8);
    expect(() => cropImage(image, { x: 8, y: 0, width: 4, height: 2 })).toThrow(RangeError);
    expect(() => cropImage(image, { x: 0.5, y: 0, width: 4, height: 2 })).toThrow(RangeError);
    expect(() => cropImage(image, { x: 0, y: 0, width: 0, height: 2 })).toThrow(RangeError);
  });
});

describe('resizeImage', () => {
  it('averages when shrinking and interpolates when enlarging', () => {
    const image = createRgbImage(4, 2, [0, 0, 0]);
    // Left half black, right half white.
    for (let y = 0; y < 2; y++) for (let x = 2; x < 4; x++) image.rgb.set([255, 255, 255], (y * 4 + x) * 3);
    const small = resizeImage(image, 2, 1);
    expect(pixel(small, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(small, 1, 0)).toEqual([255, 255, 255]);
    const odd = resizeImage(image, 1, 1);
    expect(pixel(odd, 0, 0)).toEqual([128, 128, 128]);
    const big = resizeImage(image, 8, 4);
    expect(big).toMatchObject({ width: 8, height: 4 });
    expect(pixel(big, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(big, 7, 3)).toEqual([255, 255, 255]);
    const middle = pixel(big, 4, 1)[0]!;
    expect(middle).toBeGreaterThan(0);
    expect(middle).toBeLessThan(255);
  });

  it('keeps a uniform image uniform at any size', () => {
    const image = createRgbImage(13, 7, [10, 200, 90]);
    for (const [w, h] of [
      [5, 3],
      [29, 11],
      [13, 2],
    ] as const) {
      const out = resizeImage(image, w, h);
      for (let i = 0; i < out.rgb.length; i += 3)
        expect(pixel(out, (i / 3) % w, Math.floor(i / 3 / w))).toEqual([10, 200, 90]);
    }
    expect(fitWithin(4032, 3024, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin(300, 200, 1024)).toEqual({ width: 300, height: 200 });
    expect(pixel(toGrey(createRgbImage(1, 1, [255, 0, 0])), 0, 0)).toEqual([76, 76, 76]);
  });
});

describe('boxes', () => {
  it('turns regions into whole pixels inside the image, at least one pixel', () => {
    expect(regionToRect({ x: 0.25, y: 0.5, width: 0.5, height: 0.5 }, 100, 50)).toEqual({
      x: 25,
      y: 25,
      width: 50,
      height: 25,
    });
    expect(regionToRect({ x: 0.333, y: 0, width: 0.333, height: 1 }, 10, 10)).toEqual({
      x: 3,
      y: 0,
      width: 4,
      height: 10,
    });
    expect(regionToRect({ x: 1, y: 1, width: 0, height: 0 }, 10, 10)).toEqual({ x: 9, y: 9, width: 1, height: 1 });
  });

  it('clips, normalizes, pads, unites and maps crop boxes back', () => {
    expect(clampRect({ x: -3, y: 5, width: 20, height: 100 }, 10, 50)).toEqual({ x: 0, y: 5, width: 10, height: 45 });
    const n = normalizeRect({ x: -3, y: 5, width: 20, height: 100 }, 10, 50);
    expect(n).toEqual({ x: 0, y: 0.1, width: 1, height: 0.9 });
    expect(padRect({ x: 2.5, y: 2, width: 3, height: 3 }, 2, 8, 8)).toEqual({ x: 0, y: 0, width: 8, height: 7 });
    expect(
      unionRects([
        { x: 1, y: 1, width: 2, height: 2 },
        { x: 5, y: 0, width: 1, height: 1 },
      ]),
    ).toEqual({ x: 1, y: 0, width: 5, height: 3 });
    expect(unionRects([])).toBeUndefined();
    expect(fromCropFrame({ x: 10, y: 20, width: 40, height: 8 }, { x: 100, y: 50, width: 60, height: 60 }, 2)).toEqual({
      x: 105,
      y: 60,
      width: 20,
      height: 4,
    });
    expect(iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 })).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 })).toBe(0);
  });
});
