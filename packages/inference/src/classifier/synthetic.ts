/**
 * Synthetic product-surface photos for the defect classifier: close-ups of brushed metal,
 * plastic, painted panels, glossy screens and cast/rough surfaces, under uneven light, with
 * dust and smudges, blurred, noisy and JPEG-compressed — and with one kind of damage (or
 * none). Pure JS and deterministic: the same (seed, index) always renders the same image,
 * so training sets, held-out sets and tests are reproducible without storing any images.
 *
 * Everything is drawn in float RGB (0..1) at the requested size; lengths are expressed for
 * a 96 px image and scaled, so larger renders show the same scene at a higher resolution.
 */

export const DEFECT_CLASSES = ['clean', 'scratch', 'crack', 'dent'] as const;
export type DefectClass = (typeof DEFECT_CLASSES)[number];

export const MATERIALS = ['brushed-metal', 'plastic', 'painted', 'glass', 'cast'] as const;
export type Material = (typeof MATERIALS)[number];

export interface SyntheticImage {
  /** Interleaved RGB, 3 bytes per pixel, row-major. */
  rgb: Uint8Array;
  width: number;
  height: number;
  label: DefectClass;
  material: Material;
}

export interface SyntheticOptions {
  /** Pixel size (square). Default 96. */
  size?: number;
  /** Force a class; by default `DEFECT_CLASSES[index % 4]`, so any run of 4 indices is balanced. */
  label?: DefectClass;
  /** Force a material; random by default. */
  material?: Material;
}

// ---- random numbers ---------------------------------------------------------------------

/** Seeded PRNG (sfc32) with the helpers the generator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(stream ^ 0x85ebca6b);
    this.c = mix32((seed + stream * 0x27d4eb2f) ^ 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---- float image and noise --------------------------------------------------------------

type Rgb = [number, number, number];

class FloatImage {
  readonly data: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float32Array(width * height * 3);
  }
  clone(): FloatImage {
    const copy = new FloatImage(this.width, this.height);
    copy.data.set(this.data);
    return copy;
  }
  /** Bilinear sample of channel c at (x, y), clamped at the edges. */
  sample(x: number, y: number, c: number): number {
    const { width: w, height: h, data } = this;
    const cx = Math.min(Math.max(x, 0), w - 1);
    const cy = Math.min(Math.max(y, 0), h - 1);
    const x0 = Math.floor(cx);
    const y0 = Math.floor(cy);
    const x1 = Math.min(x0 + 1, w - 1);
    const y1 = Math.min(y0 + 1, h - 1);
    const fx = cx - x0;
    const fy = cy - y0;
    const a = data[(y0 * w + x0) * 3 + c]!;
    const b = data[(y0 * w + x1) * 3 + c]!;
    const d = data[(y1 * w + x0) * 3 + c]!;
    const e = data[(y1 * w + x1) * 3 + c]!;
    return (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
  }
}

/** 2D value noise on a 64×64 periodic lattice of seeded random values, smoothstep-interpolated. */
class ValueNoise {
  private readonly lattice = new Float32Array(64 * 64);
  constructor(rng: Rng) {
    for (let i = 0; i < this.lattice.length; i++) this.lattice[i] = rng.next() * 2 - 1;
  }
  at(x: number, y: number): number {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = x - xi;
    const fy = y - yi;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const L = this.lattice;
    const x0 = xi & 63;
    const x1 = (xi + 1) & 63;
    const y0 = (yi & 63) * 64;
    const y1 = ((yi + 1) & 63) * 64;
    const top = L[y0 + x0]! + (L[y0 + x1]! - L[y0 + x0]!) * sx;
    const bottom = L[y1 + x0]! + (L[y1 + x1]! - L[y1 + x0]!) * sx;
    return top + (bottom - top) * sy;
  }
  /** Fractal sum of octaves, roughly in [-1, 1]. */
  fbm(x: number, y: number, octaves: number): number {
    let sum = 0;
    let amp = 0.5;
    let freq = 1;
    for (let o = 0; o < octaves; o++) {
      sum += amp * this.at(x * freq + o * 17.3, y * freq + o * 31.7);
      freq *= 2;
      amp *= 0.5;
    }
    return sum;
  }
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function hsv(h: number, s: number, v: number): Rgb {
  const i = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const table: Rgb[] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ];
  return table[i]!;
}

// ---- materials ----------------------------------------------------------------------------

interface Surface {
  image: FloatImage;
  material: Material;
  /** Glossy surfaces reflect: dents get a specular highlight and distort the reflection. */
  gloss: number;
  /** Mean brightness, for choosing defect colours that stay visible. */
  luma: number;
}

function renderMaterial(rng: Rng, material: Material, w: number, h: number, unit: number): Surface {
  const img = new FloatImage(w, h);
  const noise = new ValueNoise(rng);
  const d = img.data;
  let base: Rgb;
  let gloss: number;

  if (material === 'brushed-metal') {
    // Aluminium / steel, sometimes anodised; streaks along the brushing direction.
    const tinted = rng.chance(0.35);
    const v = rng.range(0.45, 0.85);
    base = tinted ? hsv(rng.next(), rng.range(0.1, 0.35), v) : hsv(rng.range(0.5, 0.65), rng.range(0, 0.06), v);
    gloss = 0.5;
    const angle = rng.range(0, Math.PI);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const streak = rng.range(0.04, 0.1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const u = (x * cos + y * sin) / unit;
        const vv = (-x * sin + y * cos) / unit;
        const s =
          streak * noise.fbm(u * 0.03, vv * 1.6, 3) +
          streak * 0.6 * noise.at(u * 0.08 + 40, vv * 5) +
          0.015 * noise.at(x * 0.9, y * 0.9);
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) d[i + c] = base[c]! * (1 + s);
      }
    }
  } else if (material === 'plastic') {
    const palette: Rgb[] = [
      [0.08, 0.08, 0.09],
      [0.9, 0.9, 0.88],
      [0.55, 0.56, 0.58],
      [0.78, 0.72, 0.62],
      hsv(rng.next(), rng.range(0.4, 0.8), rng.range(0.35, 0.85)),
      hsv(rng.next(), rng.range(0.1, 0.3), rng.range(0.3, 0.7)),
    ];
    base = rng.pick(palette);
    gloss = rng.range(0.1, 0.5);
    const textured = rng.chance(0.45); // stippled / grained moulding
    const grain = textured ? rng.range(0.03, 0.07) : rng.range(0.006, 0.015);
    const mottle = rng.range(0.01, 0.04);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = grain * noise.at(x * 1.3, y * 1.3) + mottle * noise.fbm(x * 0.04, y * 0.04, 2);
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) d[i + c] = base[c]! + s;
      }
    }
  } else if (material === 'painted') {
    // Car-style paint: saturated colour, orange peel, optional metallic flakes.
    base = rng.chance(0.2)
      ? hsv(0, 0, rng.pick([0.12, 0.85, 0.6]))
      : hsv(rng.next(), rng.range(0.5, 0.95), rng.range(0.35, 0.9));
    gloss = rng.range(0.5, 0.9);
    const flakes = rng.chance(0.5) ? rng.range(0.01, 0.05) : 0;
    const peel = rng.range(0.01, 0.03);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = peel * noise.fbm((x / unit) * 0.35, (y / unit) * 0.35, 2);
        if (flakes > 0 && rng.chance(flakes)) s += rng.range(0.05, 0.2);
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) d[i + c] = base[c]! * (1 + s) + s * 0.3;
      }
    }
  } else if (material === 'glass') {
    // Phone or TV screen, switched off: near-black, faint blue cast, reflections.
    const v = rng.range(0.03, 0.14);
    base = [v * 0.9, v * 0.95, v * 1.1];
    gloss = 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = 0.01 * noise.fbm(x * 0.05, y * 0.05, 2);
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) d[i + c] = base[c]! + s;
      }
    }
  } else {
    // Cast / sand-blasted / powder-coated: rough fractal texture.
    base = rng.chance(0.5)
      ? hsv(rng.range(0.05, 0.15), rng.range(0.05, 0.3), rng.range(0.35, 0.75))
      : hsv(0, 0, rng.range(0.3, 0.8));
    gloss = 0.05;
    const amp = rng.range(0.06, 0.16);
    const scale = rng.range(0.08, 0.25);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s =
          amp * noise.fbm((x / unit) * scale * 8, (y / unit) * scale * 8, 4) + 0.03 * noise.at(x * 1.1, y * 1.1);
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) d[i + c] = base[c]! * (1 + s);
      }
    }
  }
  const luma = 0.299 * base[0] + 0.587 * base[1] + 0.114 * base[2];
  return { image: img, material, gloss, luma };
}

// ---- strokes -----------------------------------------------------------------------------

type Point = [number, number];

/**
 * Rasterises an anti-aliased polyline into a coverage mask (max-combined, so joints do not
 * double up). `width(t)` and `alpha(t)` vary along the normalised length t in 0..1.
 */
function strokeMask(
  mask: Float32Array,
  w: number,
  h: number,
  points: readonly Point[],
  width: (t: number) => number,
  alpha: (t: number) => number,
): void {
  let total = 0;
  const lengths: number[] = [0];
  for (let i = 1; i < points.length; i++) {
    total += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
    lengths.push(total);
  }
  if (total === 0) return;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const t0 = lengths[i - 1]! / total;
    const t1 = lengths[i]! / total;
    const hw = Math.max(width(t0), width(t1)) / 2;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx) - hw - 1));
    const maxX = Math.min(w - 1, Math.ceil(Math.max(ax, bx) + hw + 1));
    const minY = Math.max(0, Math.floor(Math.min(ay, by) - hw - 1));
    const maxY = Math.min(h - 1, Math.ceil(Math.max(ay, by) + hw + 1));
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const f = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2));
        const dist = Math.hypot(px - (ax + f * dx), py - (ay + f * dy));
        const t = t0 + (t1 - t0) * f;
        const half = width(t) / 2;
        // A line thinner than a pixel covers part of it: fade instead of vanishing.
        const cov = half < 0.5 ? clamp01(1 - dist) * half * 2 : clamp01(half + 0.5 - dist);
        const v = cov * alpha(t);
        const k = y * w + x;
        if (v > mask[k]!) mask[k] = v;
      }
    }
  }
}

/** Blends `color(k)` into the image by the mask. */
function composite(img: FloatImage, mask: Float32Array, color: (k: number, c: number, under: number) => number): void {
  const d = img.data;
  for (let k = 0; k < mask.length; k++) {
    const m = mask[k]!;
    if (m <= 0) continue;
    for (let c = 0; c < 3; c++) {
      const under = d[k * 3 + c]!;
      d[k * 3 + c] = under * (1 - m) + color(k, c, under) * m;
    }
  }
}

/** Smooth 1D random profile in 0..1 along a stroke (for intensity variation). */
function profile(rng: Rng, wiggles: number): (t: number) => number {
  const noise = new ValueNoise(rng);
  const row = rng.range(0, 60);
  return (t) => clamp01(0.5 + noise.fbm(t * wiggles, row, 2));
}

// ---- defects -------------------------------------------------------------------------------

function drawScratches(rng: Rng, surface: Surface, unit: number): void {
  const img = surface.image;
  const { width: w, height: h } = img;
  const size = Math.min(w, h);
  const cluster = rng.chance(0.2);
  const count = cluster ? rng.int(3, 6) : rng.chance(0.6) ? 1 : rng.int(2, 3);
  // Scratches through a coating show bright (primer, bare metal); on light surfaces, or
  // as grooves full of dirt, they show dark.
  const bright = surface.luma < 0.25 ? true : surface.luma > 0.6 ? false : rng.chance(0.65);
  const baseAngle = rng.range(0, Math.PI * 2);
  const anchor: Point = [rng.range(0.2, 0.8) * w, rng.range(0.2, 0.8) * h];
  const mask = new Float32Array(w * h);
  const shadow = new Float32Array(w * h);
  for (let s = 0; s < count; s++) {
    const angle = cluster ? baseAngle + rng.normal() * 0.06 : rng.range(0, Math.PI * 2);
    const length = (cluster ? rng.range(0.25, 0.6) : rng.range(0.35, 1.0)) * size;
    const center: Point = cluster
      ? [anchor[0] + rng.normal() * 6 * unit, anchor[1] + rng.normal() * 6 * unit]
      : [rng.range(0.15, 0.85) * w, rng.range(0.15, 0.85) * h];
    const dir: Point = [Math.cos(angle), Math.sin(angle)];
    const perp: Point = [-dir[1], dir[0]];
    const bend = rng.chance(0.5) ? rng.normal() * 0.12 * length : 0;
    const points: Point[] = [];
    const n = 32;
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      const along = (t - 0.5) * length;
      const off = bend * 4 * t * (1 - t) + rng.normal() * 0.08 * unit;
      points.push([center[0] + dir[0] * along + perp[0] * off, center[1] + dir[1] * along + perp[1] * off]);
    }
    const widthPx = (cluster ? rng.range(0.7, 1.3) : rng.range(0.8, 2.2)) * unit;
    const strength = rng.range(0.7, 1);
    const variation = profile(rng, rng.range(2, 6));
    const taper = rng.range(0.05, 0.25);
    const ends = (t: number): number => Math.min(1, t / taper, (1 - t) / taper);
    strokeMask(
      mask,
      w,
      h,
      points,
      (t) => widthPx * (0.6 + 0.4 * ends(t)),
      (t) => strength * ends(t) * (0.6 + 0.4 * variation(t)),
    );
    if (bright && rng.chance(0.6)) {
      // The groove's shadowed wall: a faint dark line beside the bright one.
      const shifted = points.map(([x, y]): Point => [x + perp[0] * widthPx * 0.9, y + perp[1] * widthPx * 0.9]);
      strokeMask(
        shadow,
        w,
        h,
        shifted,
        () => widthPx * 0.8,
        (t) => 0.3 * strength * ends(t),
      );
    }
  }
  const tone = bright ? rng.range(0.8, 1) : rng.range(0.1, 0.5);
  const tint = rng.range(-0.03, 0.03);
  composite(img, shadow, (_k, _c, under) => under * 0.45);
  composite(img, mask, (_k, c, under) => (bright ? tone + (c === 2 ? tint : 0) : under * tone));
}

function crackPath(rng: Rng, start: Point, angle: number, length: number, unit: number): Point[] {
  const points: Point[] = [start];
  let [x, y] = start;
  let heading = angle;
  let walked = 0;
  while (walked < length) {
    const step = rng.range(2, 5) * unit;
    // Jagged: sharp turns around a heading that itself drifts back to the main direction.
    heading += rng.normal() * 0.5 + (angle - heading) * 0.35;
    x += Math.cos(heading) * step;
    y += Math.sin(heading) * step;
    walked += step;
    points.push([x, y]);
  }
  return points;
}

function drawCrack(rng: Rng, surface: Surface, unit: number): void {
  const img = surface.image;
  const { width: w, height: h } = img;
  const size = Math.min(w, h);
  const mask = new Float32Array(w * h);
  const lip = new Float32Array(w * h);
  // Cracked glass catches the light and dark plastic whitens under stress; elsewhere cracks
  // are dark gaps.
  const bright = surface.material === 'glass' || surface.luma < 0.22;
  const baseWidth = rng.range(0.9, 2.2) * unit;
  const branches: { points: Point[]; width: number }[] = [];

  const grow = (start: Point, angle: number, length: number, width: number, depth: number): void => {
    const points = crackPath(rng, start, angle, length, unit);
    branches.push({ points, width });
    if (depth >= 2) return;
    for (let i = 2; i < points.length - 2; i++) {
      if (rng.chance(depth === 0 ? 0.09 : 0.05)) {
        const side = rng.chance(0.5) ? 1 : -1;
        grow(
          points[i]!,
          angle + side * rng.range(0.4, 1.2),
          length * rng.range(0.2, 0.5),
          width * rng.range(0.5, 0.8),
          depth + 1,
        );
      }
    }
  };

  if (rng.chance(surface.material === 'glass' ? 0.5 : 0.25)) {
    // Impact point: cracks radiating outwards, sometimes joined by short arcs (spider web).
    const center: Point = [rng.range(0.25, 0.75) * w, rng.range(0.25, 0.75) * h];
    const rays = rng.int(4, 8);
    const offset = rng.range(0, Math.PI * 2);
    for (let r = 0; r < rays; r++) {
      const angle = offset + (r / rays) * Math.PI * 2 + rng.normal() * 0.25;
      grow(center, angle, rng.range(0.25, 0.6) * size, baseWidth * rng.range(0.6, 1), 1);
    }
    if (rng.chance(0.5)) {
      const radius = rng.range(0.08, 0.18) * size;
      for (let r = 0; r < rays; r++) {
        const a0 = offset + (r / rays) * Math.PI * 2;
        const a1 = a0 + (Math.PI * 2) / rays;
        const arc: Point[] = [];
        for (let i = 0; i <= 6; i++) {
          const a = a0 + ((a1 - a0) * i) / 6;
          const rr = radius * (1 + rng.normal() * 0.08);
          arc.push([center[0] + Math.cos(a) * rr, center[1] + Math.sin(a) * rr]);
        }
        branches.push({ points: arc, width: baseWidth * 0.6 });
      }
    }
  } else {
    const angle = rng.range(0, Math.PI * 2);
    const length = rng.range(0.5, 1.1) * size;
    const center: Point = [rng.range(0.3, 0.7) * w, rng.range(0.3, 0.7) * h];
    const start: Point = [center[0] - (Math.cos(angle) * length) / 2, center[1] - (Math.sin(angle) * length) / 2];
    grow(start, angle, length, baseWidth, 0);
  }

  const strength = rng.range(0.7, 1);
  for (const { points, width } of branches) {
    const taper = rng.range(0.3, 0.7);
    strokeMask(
      mask,
      w,
      h,
      points,
      (t) => Math.max(0.6 * unit, width * (1 - taper * t)),
      () => strength,
    );
    if (!bright && rng.chance(0.5)) {
      // Chipped edge: a faint light lip on one side of the gap.
      const shifted = points.map(([x, y]): Point => [x + unit, y + unit * 0.5]);
      strokeMask(
        lip,
        w,
        h,
        shifted,
        () => width * 0.7,
        () => 0.25,
      );
    }
  }
  const tone = bright ? rng.range(0.4, 0.9) : rng.range(0.02, 0.2);
  composite(img, lip, (_k, _c, under) => Math.min(1, under * 1.35 + 0.05));
  composite(img, mask, (_k, _c, under) => (bright ? tone : under * tone));
}

function drawDent(rng: Rng, surface: Surface, unit: number): void {
  const img = surface.image;
  const { width: w, height: h } = img;
  const size = Math.min(w, h);
  const cx = rng.range(0.25, 0.75) * w;
  const cy = rng.range(0.25, 0.75) * h;
  const rx = rng.range(0.12, 0.32) * size;
  const ry = rx * rng.range(0.45, 1);
  const rot = rng.range(0, Math.PI);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  // Light from one side: the near wall of the depression is shadowed, the far wall lit.
  const light = rng.range(0, Math.PI * 2);
  const lx = Math.cos(light);
  const ly = Math.sin(light);
  const shading = rng.range(0.28, 0.55);
  const sharp = rng.range(1.5, 3); // how crisp the rim is
  const warp = (rng.range(2, 6) * unit * surface.gloss) / 1.5;
  // On dark glossy paint a dent shows mostly as a bent reflection and a highlight.
  const spec = (0.06 + 0.25 * surface.gloss) * rng.range(0.4, 1);
  const ambient = rng.range(0.04, 0.1);
  const source = img.clone();
  const d = img.data;
  const reach = 2.2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      const r2 = u * u + v * v;
      if (r2 > reach * reach) continue;
      // Height h = -exp(-r^sharp); its gradient, rotated back to image axes.
      const r = Math.sqrt(r2) + 1e-6;
      const e = Math.exp(-Math.pow(r, sharp));
      const dhdr = sharp * Math.pow(r, sharp - 1) * e; // d(-(-e))/dr: slope of the wall
      const gu = (dhdr * u) / r / rx;
      const gv = (dhdr * v) / r / ry;
      const gx = (gu * cos - gv * sin) * size * 0.15;
      const gy = (gu * sin + gv * cos) * size * 0.15;
      const facing = gx * lx + gy * ly; // >0: wall faces the light
      const shade = 1 + shading * Math.tanh(facing) - 0.08 * e;
      const sx = x - gx * warp;
      const sy = y - gy * warp;
      const highlight = spec * Math.pow(Math.max(0, Math.tanh(facing)), 2) + ambient * Math.tanh(facing);
      const i = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) d[i + c] = source.sample(sx, sy, c) * shade + highlight;
    }
  }
}

// ---- scene: light, dirt, camera ------------------------------------------------------------

function applyLighting(rng: Rng, surface: Surface): void {
  const img = surface.image;
  const { width: w, height: h, data } = img;
  const gAngle = rng.range(0, Math.PI * 2);
  const gx = Math.cos(gAngle);
  const gy = Math.sin(gAngle);
  const gradient = rng.range(0, 0.5);
  const vignette = rng.range(0, 0.35);
  const gain = rng.range(0.75, 1.2);
  const warmth = rng.normal() * 0.04;
  // Reflection of a window / softbox on glossy surfaces: a soft bright band.
  const band = surface.gloss > 0.3 && rng.chance(0.6);
  const bAngle = rng.range(0, Math.PI);
  const bOffset = rng.range(-0.4, 0.4);
  const bWidth = rng.range(0.08, 0.3);
  const bStrength = rng.range(0.05, 0.3) * surface.gloss;
  // A shadow cast across part of the scene (the photographer, a hand).
  const shadow = rng.chance(0.15);
  const sAngle = rng.range(0, Math.PI * 2);
  const sOffset = rng.range(-0.3, 0.3);
  const sSoft = rng.range(0.05, 0.15);
  const sDepth = rng.range(0.15, 0.4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const nx = x / w - 0.5;
      const ny = y / h - 0.5;
      let f = gain * (1 + gradient * (nx * gx + ny * gy)) * (1 - vignette * (nx * nx + ny * ny) * 2);
      if (shadow) {
        const s = (nx * Math.cos(sAngle) + ny * Math.sin(sAngle) - sOffset) / sSoft;
        f *= 1 - sDepth * clamp01(0.5 + s);
      }
      let add = 0;
      if (band) {
        const b = (nx * Math.cos(bAngle) + ny * Math.sin(bAngle) - bOffset) / bWidth;
        add = bStrength * Math.exp(-b * b);
      }
      const i = (y * w + x) * 3;
      data[i] = data[i]! * f * (1 + warmth) + add;
      data[i + 1] = data[i + 1]! * f + add;
      data[i + 2] = data[i + 2]! * f * (1 - warmth) + add;
    }
  }
}

function addDirt(rng: Rng, surface: Surface, unit: number): void {
  const img = surface.image;
  const { width: w, height: h, data } = img;
  // Dust specks.
  const specks = rng.int(0, 14);
  for (let s = 0; s < specks; s++) {
    const cx = rng.range(0, w);
    const cy = rng.range(0, h);
    const r = rng.range(0.4, 1.3) * unit;
    const light = rng.chance(surface.luma < 0.4 ? 0.8 : 0.3);
    const a = rng.range(0.2, 0.6);
    for (let y = Math.max(0, Math.floor(cy - r - 1)); y <= Math.min(h - 1, Math.ceil(cy + r + 1)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r - 1)); x <= Math.min(w - 1, Math.ceil(cx + r + 1)); x++) {
        const cov = clamp01(r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)) * a;
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) data[i + c] = data[i + c]! * (1 - cov) + (light ? 0.85 : 0.1) * cov;
      }
    }
  }
  // Smudges and fingerprints: soft, faint, blotchy patches of grease.
  const smudges = rng.chance(0.5) ? rng.int(1, 2) : 0;
  const noise = new ValueNoise(rng);
  for (let s = 0; s < smudges; s++) {
    const cx = rng.range(0, w);
    const cy = rng.range(0, h);
    const r = rng.range(0.1, 0.3) * Math.min(w, h);
    const a = rng.range(0.04, 0.12) * (surface.gloss + 0.3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const dd = Math.hypot(x - cx, y - cy) / r;
        if (dd > 1.5) continue;
        const m = Math.exp(-dd * dd * 2) * clamp01(0.5 + noise.fbm(x * 0.15, y * 0.15, 2)) * a;
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) data[i + c] = data[i + c]! * (1 - m) + 0.7 * m;
      }
    }
  }
}

function gaussianBlur(img: FloatImage, sigma: number): void {
  if (sigma < 0.2) return;
  const radius = Math.ceil(sigma * 2.5);
  const kernel: number[] = [];
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel.push(v);
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  const { width: w, height: h, data } = img;
  const tmp = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = Math.min(w - 1, Math.max(0, x + k));
          acc += data[(y * w + xx) * 3 + c]! * kernel[k + radius]!;
        }
        tmp[(y * w + x) * 3 + c] = acc;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = Math.min(h - 1, Math.max(0, y + k));
          acc += tmp[(yy * w + x) * 3 + c]! * kernel[k + radius]!;
        }
        data[(y * w + x) * 3 + c] = acc;
      }
    }
  }
}

/** 4096 standard-normal values, shared: per-pixel sensor noise indexes it with the image's rng. */
const NORMALS = (() => {
  const rng = new Rng(0x5eed);
  return Float32Array.from({ length: 4096 }, () => rng.normal());
})();

function toBytes(rng: Rng, img: FloatImage): Uint8Array {
  const { data } = img;
  const out = new Uint8Array(data.length);
  const sigma = rng.range(0.004, 0.03);
  const chroma = sigma * rng.range(0.2, 0.6);
  const gamma = rng.range(0.85, 1.15);
  const lut = Uint8Array.from({ length: 4097 }, (_, i) => Math.round(Math.pow(i / 4096, gamma) * 255));
  const noise = (): number => NORMALS[(rng.next() * 4096) | 0]!;
  for (let p = 0; p < data.length; p += 3) {
    const luminance = noise() * sigma;
    for (let c = 0; c < 3; c++) {
      const v = clamp01(data[p + c]! + luminance + noise() * chroma);
      out[p + c] = lut[Math.round(v * 4096)]!;
    }
  }
  return out;
}

// Standard JPEG quantisation tables (ITU T.81, Annex K), zig-zag order not needed here.
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99,
];
/** DCT basis: COS[u * 8 + x] = a(u) cos((2x + 1) u pi / 16). */
const COS = new Float64Array(64);
for (let u = 0; u < 8; u++) {
  for (let x = 0; x < 8; x++)
    COS[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
}

function scaledTable(table: readonly number[], quality: number): Float64Array {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return Float64Array.from(table, (t) => Math.min(255, Math.max(1, Math.floor((t * scale + 50) / 100))));
}

/** Quantises one plane in 8×8 DCT blocks, in place (the lossy step of baseline JPEG). */
function quantisePlane(plane: Float64Array, w: number, h: number, q: Float64Array): void {
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const yy = Math.min(h - 1, by + y);
        for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[yy * w + Math.min(w - 1, bx + x)]! - 128;
      }
      // Forward DCT: rows then columns.
      for (let y = 0; y < 8; y++) {
        for (let u = 0; u < 8; u++) {
          let acc = 0;
          for (let x = 0; x < 8; x++) acc += COS[u * 8 + x]! * block[y * 8 + x]!;
          tmp[y * 8 + u] = acc;
        }
      }
      for (let u = 0; u < 8; u++) {
        for (let v = 0; v < 8; v++) {
          let acc = 0;
          for (let y = 0; y < 8; y++) acc += COS[v * 8 + y]! * tmp[y * 8 + u]!;
          block[v * 8 + u] = Math.round(acc / q[v * 8 + u]!) * q[v * 8 + u]!;
        }
      }
      // Inverse DCT.
      for (let v = 0; v < 8; v++) {
        for (let x = 0; x < 8; x++) {
          let acc = 0;
          for (let u = 0; u < 8; u++) acc += COS[u * 8 + x]! * block[v * 8 + u]!;
          tmp[v * 8 + x] = acc;
        }
      }
      for (let y = 0; y < 8 && by + y < h; y++) {
        for (let x = 0; x < 8 && bx + x < w; x++) {
          let acc = 0;
          for (let v = 0; v < 8; v++) acc += COS[v * 8 + y]! * tmp[v * 8 + x]!;
          plane[(by + y) * w + bx + x] = acc + 128;
        }
      }
    }
  }
}

/**
 * JPEG's losses without the entropy coding: YCbCr, optional 4:2:0 chroma subsampling,
 * 8×8 DCT quantised with the standard tables at `quality` — blocking, ringing and colour
 * bleeding as in a phone upload.
 */
function jpegArtifacts(rgb: Uint8Array, w: number, h: number, quality: number, subsample: boolean): Uint8Array {
  const n = w * h;
  const Y = new Float64Array(n);
  const cw = subsample ? Math.ceil(w / 2) : w;
  const ch = subsample ? Math.ceil(h / 2) : h;
  const Cb = new Float64Array(cw * ch);
  const Cr = new Float64Array(cw * ch);
  const count = new Float64Array(cw * ch);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 3;
      const r = rgb[p]!;
      const g = rgb[p + 1]!;
      const b = rgb[p + 2]!;
      Y[y * w + x] = 0.299 * r + 0.587 * g + 0.114 * b;
      const c = subsample ? (y >> 1) * cw + (x >> 1) : y * w + x;
      Cb[c] = Cb[c]! + 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      Cr[c] = Cr[c]! + 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      count[c] = count[c]! + 1;
    }
  }
  for (let c = 0; c < Cb.length; c++) {
    Cb[c] = Cb[c]! / count[c]!;
    Cr[c] = Cr[c]! / count[c]!;
  }
  quantisePlane(Y, w, h, scaledTable(LUMA_Q, quality));
  const cq = scaledTable(CHROMA_Q, quality);
  quantisePlane(Cb, cw, ch, cq);
  quantisePlane(Cr, cw, ch, cq);
  const out = new Uint8Array(n * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = subsample ? (y >> 1) * cw + (x >> 1) : y * w + x;
      const yy = Y[y * w + x]!;
      const cb = Cb[c]! - 128;
      const cr = Cr[c]! - 128;
      const p = (y * w + x) * 3;
      out[p] = Math.min(255, Math.max(0, Math.round(yy + 1.402 * cr)));
      out[p + 1] = Math.min(255, Math.max(0, Math.round(yy - 0.344136 * cb - 0.714136 * cr)));
      out[p + 2] = Math.min(255, Math.max(0, Math.round(yy + 1.772 * cb)));
    }
  }
  return out;
}

// ---- public API -------------------------------------------------------------------------------

/** Renders sample `index` of the synthetic stream `seed`. Deterministic. */
export function generateSample(seed: number, index: number, options: SyntheticOptions = {}): SyntheticImage {
  const size = options.size ?? 96;
  if (!Number.isInteger(size) || size < 16) throw new RangeError(`size must be an integer ≥ 16, got ${size}`);
  const rng = new Rng(seed, index);
  const label = options.label ?? DEFECT_CLASSES[index % DEFECT_CLASSES.length]!;
  // Glass does not dent: it cracks.
  const material =
    options.material ?? (label === 'dent' ? rng.pick(MATERIALS.filter((m) => m !== 'glass')) : rng.pick(MATERIALS));
  const unit = size / 96;
  const surface = renderMaterial(rng, material, size, size, unit);
  applyLighting(rng, surface);
  // After the light: a dent bends the reflections and gradients falling on it.
  if (label === 'dent') drawDent(rng, surface, unit);
  else if (label === 'scratch') drawScratches(rng, surface, unit);
  else if (label === 'crack') drawCrack(rng, surface, unit);
  addDirt(rng, surface, unit);
  gaussianBlur(surface.image, rng.chance(0.5) ? rng.range(0.3, 1.1) * unit : 0);
  let rgb = toBytes(rng, surface.image);
  if (rng.chance(0.75)) rgb = jpegArtifacts(rgb, size, size, rng.int(30, 95), rng.chance(0.7));
  return { rgb, width: size, height: size, label, material };
}

/** `count` consecutive samples of stream `seed`, starting at `start` (balanced over classes). */
export function generateDataset(
  seed: number,
  count: number,
  options: Omit<SyntheticOptions, 'label'> & { start?: number } = {},
): SyntheticImage[] {
  const start = options.start ?? 0;
  const out: SyntheticImage[] = [];
  for (let i = 0; i < count; i++) out.push(generateSample(seed, start + i, options));
  return out;
}
