import type { Box } from '@conveyor/nodes';
import type { PixelRect } from './rgb-image.ts';

/**
 * Box arithmetic between the contract's two frames: `region`s and normalized boxes are
 * fractions of the whole image, results are pixels of the whole image. Backends that crop
 * or resize before inference map their boxes back with `fromCropFrame`.
 */

/**
 * The whole pixels a fractional region covers (outward-rounded, clipped to the image, at
 * least one pixel so a zero-area region still names a place).
 */
export function regionToRect(region: Box, width: number, height: number): PixelRect {
  const clamp01 = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  const x0 = Math.min(width - 1, Math.floor(clamp01(region.x) * width));
  const y0 = Math.min(height - 1, Math.floor(clamp01(region.y) * height));
  const x1 = Math.max(x0 + 1, Math.min(width, Math.ceil(clamp01(region.x + region.width) * width)));
  const y1 = Math.max(y0 + 1, Math.min(height, Math.ceil(clamp01(region.y + region.height) * height)));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A pixel box clipped to a `width`×`height` image (detectors overshoot edges by a few pixels). */
export function clampRect(box: PixelRect, width: number, height: number): PixelRect {
  const x0 = Math.min(width, Math.max(0, box.x));
  const y0 = Math.min(height, Math.max(0, box.y));
  const x1 = Math.min(width, Math.max(x0, box.x + box.width));
  const y1 = Math.min(height, Math.max(y0, box.y + box.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Pixels → fractions of the image, clipped so that x + width ≤ 1 and y + height ≤ 1. */
export function normalizeRect(box: PixelRect, width: number, height: number): Box {
  const c = clampRect(box, width, height);
  const unit = (v: number) => Math.min(1, Math.max(0, v));
  const x = unit(c.x / width);
  const y = unit(c.y / height);
  return { x, y, width: Math.min(1 - x, unit(c.width / width)), height: Math.min(1 - y, unit(c.height / height)) };
}

/** The smallest rectangle holding all of them; undefined for none. */
export function unionRects(rects: readonly PixelRect[]): PixelRect | undefined {
  if (rects.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Grown by `pad` pixels on every side (rounded outward to whole pixels) and clipped to the image. */
export function padRect(box: PixelRect, pad: number, width: number, height: number): PixelRect {
  const x0 = Math.max(0, Math.floor(box.x - pad));
  const y0 = Math.max(0, Math.floor(box.y - pad));
  const x1 = Math.min(width, Math.ceil(box.x + box.width + pad));
  const y1 = Math.min(height, Math.ceil(box.y + box.height + pad));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * A box found in a crop that was then scaled by `scale` (2 = enlarged twice) → the same box
 * in the pixels of the whole image the crop came from.
 */
export function fromCropFrame(box: PixelRect, crop: PixelRect, scale = 1): PixelRect {
  return { x: crop.x + box.x / scale, y: crop.y + box.y / scale, width: box.width / scale, height: box.height / scale };
}

/** Intersection over union of two boxes (0 when apart). */
export function iou(a: PixelRect, b: PixelRect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}
