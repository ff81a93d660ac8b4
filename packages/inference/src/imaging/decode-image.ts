import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rgbFromRgba, type RgbImage } from './rgb-image.ts';

export type ImageFormat = 'png' | 'jpeg';

export type ImageDecodeErrorCode =
  /** No bytes at all. */
  | 'empty'
  /** Bytes of a format this decoder does not read (GIF, WebP, BMP, HEIC, TIFF, text…). */
  | 'unsupported_format'
  /** A PNG or JPEG that does not decode: truncated, bad checksum, broken stream. */
  | 'corrupt'
  /** More pixels than `maxPixels` (decompression bombs, absurd scans). */
  | 'too_large';

/**
 * Bytes that cannot be turned into pixels. Permanent: the same bytes fail the same way, so
 * a pool reports it as a non-retryable failure of that one item (its `code` travels along).
 */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  readonly retryable = false;
  constructor(
    readonly code: ImageDecodeErrorCode,
    message: string,
    /** The format the bytes claimed to be, when recognised. */
    readonly format?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DecodedImage extends RgbImage {
  format: ImageFormat;
}

export interface DecodeImageOptions {
  /** Refuse images with more pixels than this. Default 50 million (a 12 MP phone photo is fine). */
  maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 50_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** The format named by the magic bytes: the two decodable ones and the usual others (for messages). */
export function sniffImageFormat(bytes: Uint8Array): string | undefined {
  const starts = (signature: readonly number[], at = 0): boolean =>
    bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
  if (starts(PNG_SIGNATURE)) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (starts([0x42, 0x4d])) return 'bmp';
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (starts([0x66, 0x74, 0x79, 0x70], 4)) return 'heif/avif';
  return undefined;
}

/**
 * PNG or JPEG bytes → RGB, in pure JS (pngjs, jpeg-js: nothing native to install).
 * Transparent PNG pixels are composited over white; greyscale, palette and 16-bit PNGs come
 * out as 8-bit RGB. EXIF orientation is not applied (see `RgbImage`).
 *
 * @throws ImageDecodeError for empty, unsupported, corrupt or oversized input.
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): DecodedImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length === 0) throw new ImageDecodeError('empty', 'Image is empty (0 bytes)');
  const format = sniffImageFormat(bytes);
  if (format === 'png') return decodePng(bytes, maxPixels);
  if (format === 'jpeg') return decodeJpeg(bytes, maxPixels);
  throw new ImageDecodeError(
    'unsupported_format',
    format === undefined
      ? 'Not an image this decoder reads (expected PNG or JPEG)'
      : `Unsupported image format ${format} (expected PNG or JPEG)`,
    format,
  );
}

function decodePng(bytes: Uint8Array, maxPixels: number): DecodedImage {
  // IHDR is the first chunk: refuse a bomb by its header, before inflating anything.
  if (bytes.length < 33) throw new ImageDecodeError('corrupt', 'PNG is truncated (no IHDR chunk)', 'png');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new ImageDecodeError('corrupt', 'PNG has zero width or height', 'png');
  if (width * height > maxPixels) {
    throw new ImageDecodeError('too_large', `PNG is ${width}×${height}, over ${maxPixels} pixels`, 'png');
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ImageDecodeError('corrupt', `PNG does not decode: ${messageOf(error)}`, 'png', { cause: error });
  }
  return { ...rgbFromRgba(png.data, png.width, png.height), format: 'png' };
}

function decodeJpeg(bytes: Uint8Array, maxPixels: number): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // Strict: a truncated upload fails here instead of coming back half grey.
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: Math.max(512, Math.ceil((maxPixels * 8) / 1_048_576)),
    });
  } catch (error) {
    const message = messageOf(error);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message)) {
      throw new ImageDecodeError('too_large', `JPEG is over ${maxPixels} pixels: ${message}`, 'jpeg', { cause: error });
    }
    if (/unsupported|not supported|lossless|arithmetic/i.test(message)) {
      throw new ImageDecodeError('unsupported_format', `Unsupported JPEG variant: ${message}`, 'jpeg', {
        cause: error,
      });
    }
    throw new ImageDecodeError('corrupt', `JPEG does not decode: ${message}`, 'jpeg', { cause: error });
  }
  const { width, height, data } = decoded;
  if (width <= 0 || height <= 0 || data.length !== width * height * 3) {
    throw new ImageDecodeError('corrupt', 'JPEG decoded to no pixels', 'jpeg');
  }
  return { rgb: data, width, height, format: 'jpeg' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
