import { assertRgbImage, type PixelRect, type RgbImage } from './rgb-image.ts';

/** The pixels inside `rect` (whole pixels, inside the image: see `regionToRect`, `clampRect`). */
export function cropImage(image: RgbImage, rect: PixelRect): RgbImage {
  assertRgbImage(image);
  const { x, y, width, height } = rect;
  if (
    ![x, y, width, height].every(Number.isInteger) ||
    width <= 0 ||
    height <= 0 ||
    x < 0 ||
    y < 0 ||
    x + width > image.width ||
    y + height > image.height
  ) {
    throw new RangeError(
      `crop ${width}×${height}+${x}+${y} is not whole pixels inside the ${image.width}×${image.height} image`,
    );
  }
  if (x === 0 && y === 0 && width === image.width && height === image.height) return image;
  const rgb = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    rgb.set(image.rgb.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { rgb, width, height };
}

/**
 * Resized to `width`×`height`. Shrinking averages every source pixel a target pixel covers
 * (area resampling: no aliasing, a thin scratch survives); enlarging interpolates bilinearly
 * (smooth strokes for OCR). Each axis picks its method on its own.
 */
export function resizeImage(image: RgbImage, width: number, height: number): RgbImage {
  assertRgbImage(image);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`resize target must be positive whole pixels, got ${width}×${height}`);
  }
  if (width === image.width && height === image.height) return image;
  const xs = weightsFor(image.width, width);
  const ys = weightsFor(image.height, height);
  // Horizontal pass into floats, then vertical pass into bytes.
  const mid = new Float32Array(width * image.height * 3);
  const src = image.rgb;
  for (let row = 0; row < image.height; row++) {
    const srcRow = row * image.width * 3;
    const midRow = row * width * 3;
    for (let o = 0; o < width; o++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = xs.start[o]!; k < xs.start[o + 1]!; k++) {
        const s = srcRow + xs.index[k]! * 3;
        const w = xs.weight[k]!;
        r += src[s]! * w;
        g += src[s + 1]! * w;
        b += src[s + 2]! * w;
      }
      mid[midRow + o * 3] = r;
      mid[midRow + o * 3 + 1] = g;
      mid[midRow + o * 3 + 2] = b;
    }
  }
  const out = new Uint8Array(width * height * 3);
  const acc = new Float32Array(width * 3);
  for (let o = 0; o < height; o++) {
    acc.fill(0);
    for (let k = ys.start[o]!; k < ys.start[o + 1]!; k++) {
      const midRow = ys.index[k]! * width * 3;
      const w = ys.weight[k]!;
      for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + mid[midRow + i]! * w;
    }
    const outRow = o * width * 3;
    for (let i = 0; i < acc.length; i++) out[outRow + i] = Math.min(255, Math.max(0, Math.round(acc[i]!)));
  }
  return { rgb: out, width, height };
}

/** Source taps per target pixel along one axis, as a compressed sparse row list. */
interface AxisWeights {
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

function weightsFor(from: number, to: number): AxisWeights {
  const scale = from / to;
  const taps: { index: number; weight: number }[][] = [];
  for (let o = 0; o < to; o++) {
    const list: { index: number; weight: number }[] = [];
    if (scale >= 1) {
      // Area: the target pixel covers [o·scale, (o+1)·scale) of the source.
      const lo = o * scale;
      const hi = lo + scale;
      for (let s = Math.floor(lo); s < Math.min(from, Math.ceil(hi)); s++) {
        const cover = Math.min(hi, s + 1) - Math.max(lo, s);
        if (cover > 0) list.push({ index: s, weight: cover / scale });
      }
    } else {
      // Bilinear between the two nearest source centres (edges clamp).
      const centre = Math.min(from - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const s0 = Math.floor(centre);
      const s1 = Math.min(from - 1, s0 + 1);
      const t = centre - s0;
      if (s1 === s0 || t === 0) list.push({ index: s0, weight: 1 });
      else list.push({ index: s0, weight: 1 - t }, { index: s1, weight: t });
    }
    taps.push(list);
  }
  const total = taps.reduce((n, l) => n + l.length, 0);
  const start = new Int32Array(to + 1);
  const index = new Int32Array(total);
  const weight = new Float32Array(total);
  let k = 0;
  taps.forEach((list, o) => {
    start[o] = k;
    for (const tap of list) {
      index[k] = tap.index;
      weight[k] = tap.weight;
      k++;
    }
  });
  start[to] = k;
  return { start, index, weight };
}

/** The size that fits `maxSide` on the longer side, keeping the aspect ratio (never enlarges). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Greyscale luminance (Rec. 601) kept as RGB, for OCR input. */
export function toGrey(image: RgbImage): RgbImage {
  assertRgbImage(image);
  const rgb = new Uint8Array(image.rgb.length);
  const src = image.rgb;
  for (let i = 0; i < src.length; i += 3) {
    const y = Math.round(0.299 * src[i]! + 0.587 * src[i + 1]! + 0.114 * src[i + 2]!);
    rgb[i] = y;
    rgb[i + 1] = y;
    rgb[i + 2] = y;
  }
  return { rgb, width: image.width, height: image.height };
}

/**
 * Each channel through a gamma curve: `gamma` > 1 darkens the mid-tones and keeps white
 * white, so faint, blurred print survives a global threshold (tesseract's Otsu) that a
 * large dark surrounding would otherwise pull down below it.
 */
export function applyGamma(image: RgbImage, gamma: number): RgbImage {
  assertRgbImage(image);
  if (gamma === 1) return image;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(255 * Math.pow(v / 255, gamma));
  const rgb = new Uint8Array(image.rgb.length);
  for (let i = 0; i < rgb.length; i++) rgb[i] = table[image.rgb[i]!]!;
  return { rgb, width: image.width, height: image.height };
}
