import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageDecodeError, sniffImageFormat } from './decode-image.ts';
import { encodeJpeg, encodePng } from './encode-image.ts';
import type { RgbImage } from './rgb-image.ts';

/** A small image with distinct pixels: a gradient, so row/column mix-ups show. */
function gradient(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = Math.round((x / (width - 1)) * 255);
      rgb[i + 1] = Math.round((y / (height - 1)) * 255);
      rgb[i + 2] = 128;
    }
  }
  return { rgb, width, height };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageDecodeError);
    return (error as ImageDecodeError).code;
  }
  return undefined;
}

describe('decodeImage', () => {
  it('round-trips RGB through PNG exactly', () => {
    const image = gradient(37, 23);
    const decoded = decodeImage(encodePng(image));
    expect(decoded).toMatchObject({ format: 'png', width: 37, height: 23 });
    expect(Buffer.from(decoded.rgb).equals(Buffer.from(image.rgb))).toBe(true);
  });

  it('decodes JPEG to RGB close to the original', () => {
    const image = gradient(64, 48);
    const decoded = decodeImage(encodeJpeg(image, 95));
    expect(decoded).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    let worst = 0;
    for (let i = 0; i < image.rgb.length; i++) worst = Math.max(worst, Math.abs(decoded.rgb[i]! - image.rgb[i]!));
    expect(worst).toBeLessThan(24);
  });

  it('composites transparent PNG pixels over white and expands greyscale', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([0, 0, 0, 0, 200, 100, 50, 255]);
    const decoded = decodeImage(new Uint8Array(PNG.sync.write(png)));
    expect([...decoded.rgb]).toEqual([255, 255, 255, 200, 100, 50]);

    const grey = new PNG({ width: 1, height: 1 });
    grey.data = Buffer.from([90, 90, 90, 255]);
    const greyBytes = PNG.sync.write(grey, { colorType: 0 });
    expect([...decodeImage(new Uint8Array(greyBytes)).rgb]).toEqual([90, 90, 90]);
  });

  it('refuses empty, unsupported, corrupt and oversized input with typed, permanent errors', () => {
    expect(codeOf(() => decodeImage(new Uint8Array(0)))).toBe('empty');
    expect(codeOf(() => decodeImage(new TextEncoder().encode('hello, not an image')))).toBe('unsupported_format');
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    expect(codeOf(() => decodeImage(gif))).toBe('unsupported_format');
    expect(sniffImageFormat(gif)).toBe('gif');

    const png = encodePng(gradient(40, 30));
    expect(codeOf(() => decodeImage(png.subarray(0, 20)))).toBe('corrupt');
    expect(codeOf(() => decodeImage(png.subarray(0, png.length - 30)))).toBe('corrupt');
    const flipped = png.slice();
    flipped[60] = flipped[60]! ^ 0xff; // inside IDAT: CRC mismatch
    expect(codeOf(() => decodeImage(flipped))).toBe('corrupt');

    const jpeg = encodeJpeg(gradient(40, 30));
    expect(codeOf(() => decodeImage(jpeg.subarray(0, 200)))).toBe('corrupt');

    expect(codeOf(() => decodeImage(png, { maxPixels: 1000 }))).toBe('too_large');
    expect(codeOf(() => decodeImage(jpeg, { maxPixels: 1000 }))).toBe('too_large');

    const error = (() => {
      try {
        decodeImage(new Uint8Array(0));
      } catch (e) {
        return e as ImageDecodeError;
      }
    })();
    expect(error?.retryable).toBe(false);
    expect(error?.name).toBe('ImageDecodeError');
  });
});
