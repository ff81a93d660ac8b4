import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsupportedMediaError } from './errors.ts';
import { LocalMediaStore } from './local-media-store.ts';
import {
  ELF_HEAD,
  GIF_1X1,
  makeJpeg,
  makePng,
  MOV_HEAD,
  MP4_HEAD,
  PDF_MIN,
  TIFF_HEAD,
  WEBM_HEAD,
  WEBP_1X1,
} from './media-fixtures.test-support.ts';
import { sniffMedia, sniffStoredMedia, SNIFF_HEAD_BYTES } from './sniff-media.ts';

async function unsupported(promise: Promise<unknown>): Promise<UnsupportedMediaError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedMediaError);
  return error as UnsupportedMediaError;
}

describe('sniffMedia: accepted types', () => {
  it('reads type and size of a real PNG', async () => {
    expect(await sniffMedia(makePng(7, 3))).toEqual({
      contentType: 'image/png',
      ext: 'png',
      kind: 'image',
      width: 7,
      height: 3,
      mislabelled: false,
    });
  });

  it('reads type and size of a real JPEG', async () => {
    expect(await sniffMedia(makeJpeg(16, 9))).toMatchObject({ contentType: 'image/jpeg', width: 16, height: 9 });
  });

  it.each([
    ['GIF', GIF_1X1, 'image/gif'],
    ['WebP', WEBP_1X1, 'image/webp'],
  ])('reads a %s', async (_name, bytes, contentType) => {
    expect(await sniffMedia(bytes)).toMatchObject({ contentType, kind: 'image', width: 1, height: 1 });
  });

  it.each([
    ['MP4', MP4_HEAD, 'video/mp4', 'video'],
    ['QuickTime', MOV_HEAD, 'video/quicktime', 'video'],
    ['WebM', WEBM_HEAD, 'video/webm', 'video'],
    ['PDF', PDF_MIN, 'application/pdf', 'document'],
  ])('recognises %s without dimensions', async (_name, bytes, contentType, kind) => {
    const sniffed = await sniffMedia(bytes);
    expect(sniffed).toMatchObject({ contentType, kind });
    expect(sniffed.width).toBeUndefined();
  });
});

describe('sniffMedia: labels', () => {
  it('believes the bytes, not the label, and flags the mismatch', async () => {
    const png = await sniffMedia(makePng(2, 2), { declaredType: 'image/jpeg' });
    expect(png).toMatchObject({ contentType: 'image/png', mislabelled: true });
  });

  it('does not flag a correct label written differently', async () => {
    expect(await sniffMedia(makeJpeg(2, 2), { declaredType: 'image/jpg' })).toMatchObject({ mislabelled: false });
    expect(await sniffMedia(makePng(2, 2), { declaredType: 'IMAGE/PNG; charset=binary' })).toMatchObject({
      mislabelled: false,
    });
  });

  it('refuses a text file labelled as an image', async () => {
    const error = await unsupported(
      sniffMedia(Buffer.from('name,serial\nwidget,SN-1\n'), { declaredType: 'image/png' }),
    );
    expect(error.reason).toBe('unknown-type');
  });
});

describe('sniffMedia: refusals', () => {
  it('refuses zero bytes', async () => {
    expect((await unsupported(sniffMedia(Buffer.alloc(0)))).reason).toBe('empty');
  });

  it.each([
    ['TIFF', TIFF_HEAD, 'image/tiff'],
    ['ELF', ELF_HEAD, 'application/x-elf'],
  ])('refuses %s as a type outside the allow-list', async (_name, bytes, detected) => {
    const error = await unsupported(sniffMedia(bytes));
    expect(error).toMatchObject({ reason: 'type-not-allowed', detectedType: detected, code: 'unsupported_media' });
  });

  it('honours a narrower allow-list', async () => {
    const error = await unsupported(sniffMedia(MP4_HEAD, { allowedTypes: ['image/jpeg', 'image/png'] }));
    expect(error).toMatchObject({ reason: 'type-not-allowed', detectedType: 'video/mp4' });
    await expect(sniffMedia(makePng(1, 1), { allowedTypes: ['image/png'] })).resolves.toMatchObject({ width: 1 });
  });

  it('calls a JPEG signature followed by garbage corrupt', async () => {
    const garbage = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('not an image at all '.repeat(40)),
    ]);
    const error = await unsupported(sniffMedia(garbage));
    expect(error).toMatchObject({ reason: 'corrupt', detectedType: 'image/jpeg' });
  });

  it('calls a JPEG cut off before its size marker corrupt', async () => {
    const jpeg = makeJpeg(32, 32);
    expect((await unsupported(sniffMedia(jpeg.subarray(0, 40)))).reason).toBe('corrupt');
  });

  it('refuses a PNG signature followed by garbage', async () => {
    const png = makePng(4, 4);
    const broken = Buffer.concat([png.subarray(0, 8), Buffer.from('garbage where IHDR should be')]);
    const error = await unsupported(sniffMedia(broken));
    expect(['unknown-type', 'corrupt']).toContain(error.reason);
  });
});

describe('sniffStoredMedia', () => {
  it('sniffs from the head of stored media', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'conveyor-sniff-'));
    try {
      const store = new LocalMediaStore(root);
      // A large PNG: only the first SNIFF_HEAD_BYTES are read, and the size still comes out.
      const big = makePng(1200, 900);
      expect(big.byteLength).toBeGreaterThan(SNIFF_HEAD_BYTES);
      const stored = await store.put(big, { maxBytes: 10 * 1024 * 1024 });
      expect(await sniffStoredMedia(store, stored.storageKey)).toMatchObject({ width: 1200, height: 900 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
