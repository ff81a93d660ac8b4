/** Pure-JS image helpers shared by the detector and OCR backends (no native code, no network). */
export { assertRgbImage, createRgbImage, rgbFromRgba, type PixelRect, type RgbImage } from './rgb-image.ts';
export {
  DEFAULT_MAX_PIXELS,
  ImageDecodeError,
  decodeImage,
  sniffImageFormat,
  type DecodeImageOptions,
  type DecodedImage,
  type ImageDecodeErrorCode,
  type ImageFormat,
} from './decode-image.ts';
export { encodeJpeg, encodePng, type EncodePngOptions } from './encode-image.ts';
export { cropImage, fitWithin, resizeImage, toGrey } from './transform-image.ts';
export { clampRect, fromCropFrame, iou, normalizeRect, padRect, regionToRect, unionRects } from './boxes.ts';
