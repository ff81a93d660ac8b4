import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Small real media for tests, made here rather than committed: PNG and JPEG come from real
 * encoders; the other formats are the minimal headers those formats define (written out
 * by hand, so each byte is accounted for).
 */

export function makePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([i % 256, 120, 200, 255], i);
  return PNG.sync.write(png);
}

export function makeJpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 180);
  return jpeg.encode({ data, width, height }, 85).data;
}

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

/** 1×1 GIF89a. */
export const GIF_1X1 = hex(
  '474946383961 0100 0100 80 00 00 000000 ffffff 21f904 01000000 00 2c 00000000 0100 0100 00 02 02 4401 00 3b',
);

/** 1×1 lossless WebP (RIFF, VP8L chunk). */
export const WEBP_1X1 = Buffer.concat([
  Buffer.from('RIFF'),
  hex('1a000000'),
  Buffer.from('WEBPVP8L'),
  hex('0d000000 2f000000 1007 1011 1188 88fe 0700'),
]);

function box(type: string, payload: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(8 + payload.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), payload]);
}

/** ISO BMFF `ftyp` with brand isom (MP4). */
export const MP4_HEAD = Buffer.concat([
  box('ftyp', Buffer.concat([Buffer.from('isom'), hex('00000200'), Buffer.from('isomiso2mp41')])),
  box('free', Buffer.alloc(8)),
]);

/** `ftyp` with brand `qt  ` (QuickTime .mov). */
export const MOV_HEAD = Buffer.concat([
  box('ftyp', Buffer.concat([Buffer.from('qt  '), hex('00000200'), Buffer.from('qt  ')])),
  box('wide', Buffer.alloc(0)),
]);

/** EBML header with DocType `webm`. */
export const WEBM_HEAD = hex(
  '1a45dfa3 9f 4286 81 01 42f7 81 01 42f2 81 04 42f3 81 08 4282 84 7765626d 4287 81 04 4285 81 02',
);

export const PDF_MIN = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Little-endian TIFF header: a real image type that Conveyor does not accept. */
export const TIFF_HEAD = hex('49492a00 08000000 0000');

/** ELF executable header. */
export const ELF_HEAD = Buffer.concat([hex('7f454c46 02 01 01 00'), Buffer.alloc(56)]);
