/**
 * The one in-memory image every backend here works on: 8-bit RGB, interleaved, 3 bytes per
 * pixel, row-major, no row padding. Pixels are in stored order (EXIF orientation is not
 * applied), so coordinates agree with the width and height recorded for the stored media.
 */
export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** A rectangle in whole pixels: top-left corner plus size (the contract's pixel boxes). */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Throws a TypeError when `rgb` does not hold width × height × 3 bytes. */
export function assertRgbImage(image: RgbImage, what = 'image'): void {
  const { width, height, rgb } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new TypeError(`${what}: width and height must be positive integers, got ${width}×${height}`);
  }
  if (!(rgb instanceof Uint8Array) || rgb.length !== width * height * 3) {
    throw new TypeError(`${what}: rgb must hold ${width}×${height}×3 = ${width * height * 3} bytes`);
  }
}

/** A new image filled with one colour (white unless told). */
export function createRgbImage(
  width: number,
  height: number,
  fill: readonly [number, number, number] = [255, 255, 255],
): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  const [r, g, b] = fill;
  if (r === g && g === b) rgb.fill(r);
  else for (let i = 0; i < rgb.length; i += 3) [rgb[i], rgb[i + 1], rgb[i + 2]] = [r, g, b];
  const image = { rgb, width, height };
  assertRgbImage(image);
  return image;
}

/** RGB from RGBA (canvas ImageData, decoded PNGs): alpha composited over white. */
export function rgbFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbImage {
  if (rgba.length !== width * height * 4) {
    throw new TypeError(`rgba must hold ${width}×${height}×4 = ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
    const a = rgba[q + 3]!;
    if (a === 255) {
      rgb[p] = rgba[q]!;
      rgb[p + 1] = rgba[q + 1]!;
      rgb[p + 2] = rgba[q + 2]!;
    } else {
      const white = 255 - a;
      rgb[p] = Math.round((rgba[q]! * a) / 255 + white);
      rgb[p + 1] = Math.round((rgba[q + 1]! * a) / 255 + white);
      rgb[p + 2] = Math.round((rgba[q + 2]! * a) / 255 + white);
    }
  }
  return { rgb, width, height };
}
