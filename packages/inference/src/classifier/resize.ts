import type { Box } from '@conveyor/nodes';
import { assertRgbImage, type RgbImage } from '../imaging/index.ts';

/**
 * The classifier's resize: part of the MODEL's preprocessing. Training data is shrunk with
 * this same function (training/export-dataset.ts), so a change here changes what the model
 * sees — retrain after changing it.
 */

/** Part of an image as fractions 0..1 of its width and height (the contract's `region`). */
export type Region = Box;

interface Taps {
  first: Int32Array;
  count: number;
  weights: Float32Array;
}

/**
 * Per output pixel along one axis: the source pixels and weights of a triangle (bilinear)
 * filter. Enlarging, it is plain bilinear interpolation; shrinking, the triangle widens by
 * the scale factor so every source pixel contributes (antialiased, like Pillow's BILINEAR)
 * and a thin scratch in a 4000 px photo is not skipped over.
 */
function taps(srcStart: number, srcSpan: number, srcSize: number, outSize: number): Taps {
  const scale = srcSpan / outSize;
  const support = Math.max(1, scale);
  const count = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const weights = new Float32Array(outSize * count);
  // Only pixels the region touches contribute: a crop does not bleed its surroundings in.
  const minPixel = Math.max(0, Math.floor(srcStart));
  const endPixel = Math.min(srcSize, Math.ceil(srcStart + srcSpan));
  for (let o = 0; o < outSize; o++) {
    const center = srcStart + (o + 0.5) * scale;
    const lo = Math.max(minPixel, Math.floor(center - support));
    const hi = Math.min(endPixel, Math.ceil(center + support));
    first[o] = lo;
    let sum = 0;
    for (let s = lo, k = 0; s < hi && k < count; s++, k++) {
      const wgt = Math.max(0, 1 - Math.abs((s + 0.5 - center) / support));
      weights[o * count + k] = wgt;
      sum += wgt;
    }
    if (sum === 0) {
      // Degenerate (a region thinner than a pixel at the edge): nearest pixel.
      first[o] = Math.min(endPixel - 1, Math.max(minPixel, Math.floor(center)));
      weights.fill(0, o * count, (o + 1) * count);
      weights[o * count] = 1;
    } else {
      for (let k = 0; k < count; k++) weights[o * count + k] = weights[o * count + k]! / sum;
    }
  }
  return { first, count, weights };
}

/**
 * Resizes (a region of) an RGB image to `outWidth × outHeight` with a separable bilinear
 * (triangle) filter, antialiased when shrinking. `region` is in fractions 0..1 of the
 * image and is clamped to it; the crop keeps sub-pixel precision.
 */
export function resizeRgb(image: RgbImage, outWidth: number, outHeight: number, region?: Region): Uint8Array {
  assertRgbImage(image);
  const { width: w, height: h, rgb } = image;
  let x0 = 0;
  let y0 = 0;
  let x1 = w;
  let y1 = h;
  if (region !== undefined) {
    const c = (v: number): number => Math.min(1, Math.max(0, v));
    x0 = c(region.x) * w;
    y0 = c(region.y) * h;
    x1 = Math.max(x0, c(region.x + region.width) * w);
    y1 = Math.max(y0, c(region.y + region.height) * h);
    // A zero-area region still names a place: take the pixel there.
    if (x1 - x0 < 1) [x0, x1] = [Math.min(x0, w - 1), Math.min(x0, w - 1) + 1];
    if (y1 - y0 < 1) [y0, y1] = [Math.min(y0, h - 1), Math.min(y0, h - 1) + 1];
  }
  const tx = taps(x0, x1 - x0, w, outWidth);
  const ty = taps(y0, y1 - y0, h, outHeight);
  // Horizontal pass over only the rows the vertical pass reads.
  const rowLo = ty.first[0]!;
  const rowHi = Math.min(h, ty.first[outHeight - 1]! + ty.count);
  const tmp = new Float32Array((rowHi - rowLo) * outWidth * 3);
  for (let y = rowLo; y < rowHi; y++) {
    const srcRow = y * w * 3;
    const dstRow = (y - rowLo) * outWidth * 3;
    for (let o = 0; o < outWidth; o++) {
      const lo = tx.first[o]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < tx.count; k++) {
        const wgt = tx.weights[o * tx.count + k]!;
        if (wgt === 0) continue;
        const s = srcRow + (lo + k) * 3;
        r += rgb[s]! * wgt;
        g += rgb[s + 1]! * wgt;
        b += rgb[s + 2]! * wgt;
      }
      tmp[dstRow + o * 3] = r;
      tmp[dstRow + o * 3 + 1] = g;
      tmp[dstRow + o * 3 + 2] = b;
    }
  }
  const out = new Uint8Array(outWidth * outHeight * 3);
  for (let o = 0; o < outHeight; o++) {
    const lo = ty.first[o]!;
    for (let x = 0; x < outWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < ty.count; k++) {
        const wgt = ty.weights[o * ty.count + k]!;
        if (wgt === 0) continue;
        const s = ((lo + k - rowLo) * outWidth + x) * 3;
        r += tmp[s]! * wgt;
        g += tmp[s + 1]! * wgt;
        b += tmp[s + 2]! * wgt;
      }
      const d = (o * outWidth + x) * 3;
      out[d] = Math.min(255, Math.max(0, Math.round(r)));
      out[d + 1] = Math.min(255, Math.max(0, Math.round(g)));
      out[d + 2] = Math.min(255, Math.max(0, Math.round(b)));
    }
  }
  return out;
}
