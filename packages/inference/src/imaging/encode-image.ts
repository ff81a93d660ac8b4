import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { assertRgbImage, type RgbImage } from './rgb-image.ts';

export interface EncodePngOptions {
  /** zlib level 0–9. Default 6; 1 is several times faster for images only passed along. */
  deflateLevel?: number;
}

/** RGB → 8-bit RGB PNG (crop evidence for reviewers, images handed to tesseract). */
export function encodePng(image: RgbImage, options: EncodePngOptions = {}): Uint8Array {
  assertRgbImage(image);
  const settings = { colorType: 2, inputColorType: 2, inputHasAlpha: false } as const;
  const png = new PNG({ width: image.width, height: image.height, ...settings });
  png.data = Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength);
  const bytes = PNG.sync.write(png, { ...settings, deflateLevel: options.deflateLevel ?? 6 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** RGB → baseline JPEG (quality 1–100, default 85). */
export function encodeJpeg(image: RgbImage, quality = 85): Uint8Array {
  assertRgbImage(image);
  const { width, height, rgb } = image;
  // jpeg-js reads RGBA.
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p]!;
    rgba[q + 1] = rgb[p + 1]!;
    rgba[q + 2] = rgb[p + 2]!;
  }
  const { data } = jpeg.encode({ data: rgba, width, height }, quality);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
