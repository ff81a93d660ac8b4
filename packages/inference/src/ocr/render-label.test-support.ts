import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { iou, unionRects } from '../imaging/boxes.ts';
import { rgbFromRgba, type PixelRect, type RgbImage } from '../imaging/rgb-image.ts';

/**
 * Serial-number labels drawn for OCR tests: a label (model line, serial line, origin line)
 * in Arimo (an Arial-metric sans, as on most rating plates) or Courier Prime (a monospace
 * with a plain zero), both OFL-1.1 from @expo-google-fonts, on a product-like surface, then
 * photographed badly on request — rotated, blurred, noisy, washed out. Seeded, so a failing
 * label can be rendered again and looked at.
 */

const require = createRequire(import.meta.url);
const FONTS = {
  sans: { family: 'ConveyorLabelSans', pkg: '@expo-google-fonts/arimo', file: 'Arimo' },
  mono: { family: 'ConveyorLabelMono', pkg: '@expo-google-fonts/courier-prime', file: 'CourierPrime' },
} as const;
export type LabelFont = keyof typeof FONTS;
let fontsRegistered = false;

function registerFonts(): void {
  if (fontsRegistered) return;
  for (const font of Object.values(FONTS)) {
    const dir = path.dirname(require.resolve(`${font.pkg}/package.json`));
    for (const weight of ['400Regular', '700Bold']) {
      const file = path.join(dir, weight, `${font.file}_${weight}.ttf`);
      if (GlobalFonts.registerFromPath(file, font.family) === null) throw new Error(`Could not register font ${file}`);
    }
  }
  fontsRegistered = true;
}

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A serial format: `template` letters are `D` a digit, `A` a letter, `X` either (letters
 * other than I, O, Q and Z); anything else is literal. `pattern` is what the OCR node would be configured with.
 */
export interface SerialFormat {
  template: string;
  pattern: string;
}

export const SERIAL_FORMATS = {
  /** e.g. SN-4X7Q-20931: digit, letter, digit, letter, then five digits */
  dashed: { template: 'SN-DADA-DDDDD', pattern: 'SN-[0-9][A-Z][0-9][A-Z]-[0-9]{5}' },
  /** e.g. KD20931874, the warranty-triage template's `[A-Z]{2}[0-9]{8}` */
  warranty: { template: 'AADDDDDDDD', pattern: '[A-Z]{2}[0-9]{8}' },
} as const satisfies Record<string, SerialFormat>;

const DIGITS = '0123456789';
// As in VINs, serial letters leave out I, O and Q: they pass for 1 and 0 even to people.
// Z goes too: tesseract reads it as 2, 7 or z, and extractSerial's look-alike table (O/0,
// I/1, S/5) has no Z/2 pair to undo that. Serial schemes with Z need that pair added there.
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXY';
const ALNUM = DIGITS + LETTERS;

export function makeSerial(format: SerialFormat, random: () => number): string {
  const pick = (set: string) => set[Math.floor(random() * set.length)]!;
  return [...format.template]
    .map((c) => (c === 'D' ? pick(DIGITS) : c === 'A' ? pick(LETTERS) : c === 'X' ? pick(ALNUM) : c))
    .join('');
}

export interface LabelStyle {
  /** Rotation of the label in degrees (clockwise). */
  rotationDeg: number;
  /** Gaussian blur radius in pixels over the whole photo. */
  blurPx: number;
  /** Standard deviation of per-pixel noise, 0–255. */
  noise: number;
  /** 1 = black print on white; lower = grey print on a grey label. */
  contrast: number;
  /** Font size of the serial line in pixels. */
  serialPx: number;
  font: LabelFont;
  bold: boolean;
}

export interface RenderedLabel {
  image: RgbImage;
  serial: string;
  /** Where the serial's ink is in the photo (axis-aligned, after rotation). */
  serialBox: PixelRect;
  /** Where the whole label is in the photo (axis-aligned, after rotation). */
  labelBox: PixelRect;
  style: LabelStyle;
}

export const CLEAN: LabelStyle = {
  rotationDeg: 0,
  blurPx: 0,
  noise: 0,
  contrast: 1,
  serialPx: 26,
  font: 'sans',
  bold: false,
};

/** Ranges a bad photo's distortions are drawn from. */
export interface NoiseRanges {
  rotationDeg: readonly [number, number];
  blurPx: readonly [number, number];
  noise: readonly [number, number];
  contrast: readonly [number, number];
  serialPx: readonly [number, number];
}

/**
 * A phone photo of a label, badly taken but legible. Past these (σ 16 noise with 1 px blur
 * on grey-on-grey thin print) tesseract starts to drop or invent characters: ~4% of serials.
 */
export const NOISY: NoiseRanges = {
  rotationDeg: [-3, 3],
  blurPx: [0.3, 1.0],
  noise: [3, 12],
  contrast: [0.45, 0.85],
  serialPx: [20, 30],
};

/** A bad photo of a label, its distortions drawn from `ranges`. */
export function noisyStyle(random: () => number, ranges: NoiseRanges = NOISY): LabelStyle {
  const between = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * random();
  return {
    rotationDeg: between(ranges.rotationDeg),
    blurPx: between(ranges.blurPx),
    noise: between(ranges.noise),
    contrast: between(ranges.contrast),
    serialPx: Math.round(between(ranges.serialPx)),
    font: random() < 0.5 ? 'sans' : 'mono',
    bold: random() < 0.4,
  };
}

const PREFIXES = ['S/N', 'S/N:', 'Serial No.', 'SER'] as const;
const MODELS = ['HX-200 230V~ 50Hz 1200W', 'MODEL KT-9 220-240V 2.2kW', 'TYPE 4410 IPX4 12V', 'PRO-AIR 5 100-240V'];

/**
 * Draws one label onto a `sceneWidth`×`sceneHeight` photo at (`at.x`, `at.y`) (its top-left
 * before rotation). Returns the photo and the boxes to check OCR answers against.
 */
export function renderLabel(
  serial: string,
  style: LabelStyle,
  options: { seed: number; scene?: { width: number; height: number }; at?: { x: number; y: number } },
): RenderedLabel {
  registerFonts();
  const random = seededRandom(options.seed);
  const family = FONTS[style.font].family;
  const weight = style.bold ? 'bold' : 'normal';
  const small = Math.round(style.serialPx * 0.62);
  const margin = Math.round(style.serialPx * 0.7);
  const lines = {
    model: MODELS[Math.floor(random() * MODELS.length)]!,
    prefix: `${PREFIXES[Math.floor(random() * PREFIXES.length)]!} `,
    origin: `Made in EU  ${2019 + Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}`,
  };

  const smallFont = `${weight} ${small}px ${family}`;
  const serialFont = `${weight} ${style.serialPx}px ${family}`;
  const measure = createCanvas(1, 1).getContext('2d');
  measure.font = serialFont;
  const prefixWidth = measure.measureText(lines.prefix).width;
  const metrics = measure.measureText(serial);
  measure.font = smallFont;
  const smallWidth = Math.max(measure.measureText(lines.model).width, measure.measureText(lines.origin).width);
  const labelWidth = Math.round(Math.max(smallWidth, prefixWidth + metrics.width) + 2 * margin);
  const labelHeight = Math.round(style.serialPx * 5.2);
  // Without a scene: a close-up, the label filling the photo but for a strip of surface.
  const rim = Math.round(style.serialPx * 0.6);
  const sceneWidth = options.scene?.width ?? labelWidth + 2 * rim;
  const sceneHeight = options.scene?.height ?? labelHeight + 2 * rim;
  const at = options.at ?? {
    x: Math.round((sceneWidth - labelWidth) / 2),
    y: Math.round((sceneHeight - labelHeight) / 2),
  };

  const canvas = createCanvas(sceneWidth, sceneHeight);
  const ctx = canvas.getContext('2d');
  // The product surface: a dull vertical gradient.
  const surface = ctx.createLinearGradient(0, 0, 0, sceneHeight);
  surface.addColorStop(0, '#6b7078');
  surface.addColorStop(1, '#4a4e55');
  ctx.fillStyle = surface;
  ctx.fillRect(0, 0, sceneWidth, sceneHeight);

  const paper = Math.round(250 - (1 - style.contrast) * 60);
  const ink = Math.round((1 - style.contrast) * 150);
  const cx = at.x + labelWidth / 2;
  const cy = at.y + labelHeight / 2;
  const angle = (style.rotationDeg * Math.PI) / 180;
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(angle);
  ctx.translate(-labelWidth / 2, -labelHeight / 2);
  ctx.fillStyle = `rgb(${paper},${paper},${paper - 6})`;
  ctx.fillRect(0, 0, labelWidth, labelHeight);
  ctx.strokeStyle = `rgb(${ink},${ink},${ink})`;
  ctx.lineWidth = Math.max(1, style.serialPx / 14);
  ctx.strokeRect(4, 4, labelWidth - 8, labelHeight - 8);
  ctx.fillStyle = `rgb(${ink},${ink},${ink})`;
  ctx.textBaseline = 'alphabetic';
  ctx.font = smallFont;
  ctx.fillText(lines.model, margin, margin + small);
  ctx.fillText(lines.origin, margin, labelHeight - margin);
  ctx.font = serialFont;
  const serialLine = Math.round(labelHeight * 0.58);
  ctx.fillText(lines.prefix, margin, serialLine);
  ctx.fillText(serial, margin + prefixWidth, serialLine);
  ctx.restore();
  const serialRect = {
    x: margin + prefixWidth - metrics.actualBoundingBoxLeft,
    y: serialLine - metrics.actualBoundingBoxAscent,
    width: metrics.actualBoundingBoxLeft + metrics.actualBoundingBoxRight,
    height: metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent,
  };

  const toScene = (r: PixelRect): PixelRect => {
    const corners = [
      [r.x, r.y],
      [r.x + r.width, r.y],
      [r.x, r.y + r.height],
      [r.x + r.width, r.y + r.height],
    ].map(([x, y]) => {
      const dx = x! - labelWidth / 2;
      const dy = y! - labelHeight / 2;
      return {
        x: cx + dx * Math.cos(angle) - dy * Math.sin(angle),
        y: cy + dx * Math.sin(angle) + dy * Math.cos(angle),
        width: 0,
        height: 0,
      };
    });
    return unionRects(corners)!;
  };

  let source = canvas;
  if (style.blurPx > 0) {
    const blurred = createCanvas(sceneWidth, sceneHeight);
    const bctx = blurred.getContext('2d');
    bctx.filter = `blur(${style.blurPx.toFixed(2)}px)`;
    bctx.drawImage(canvas, 0, 0);
    source = blurred;
  }
  const pixels = source.getContext('2d').getImageData(0, 0, sceneWidth, sceneHeight);
  const image = rgbFromRgba(pixels.data, sceneWidth, sceneHeight);
  if (style.noise > 0) addNoise(image, style.noise, random);
  return {
    image,
    serial,
    serialBox: toScene(serialRect),
    labelBox: toScene({ x: 0, y: 0, width: labelWidth, height: labelHeight }),
    style,
  };
}

/** Gaussian noise (Box–Muller), in place. */
function addNoise(image: RgbImage, sigma: number, random: () => number): void {
  const { rgb } = image;
  for (let i = 0; i < rgb.length; i++) {
    const n = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * sigma;
    rgb[i] = Math.min(255, Math.max(0, Math.round(rgb[i]! + n)));
  }
}

/** How well a found box covers the true one: IoU, for assertions and printed figures. */
export function boxAgreement(found: PixelRect, truth: PixelRect): number {
  return iou(found, truth);
}
