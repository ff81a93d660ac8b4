import { createHash } from 'node:crypto';
import type { MediaRef } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../imaging/decode-image.ts';
import { encodePng } from '../imaging/encode-image.ts';
import { createTesseractOcrBackend } from './ocr-backend.ts';
import { CLEAN, SERIAL_FORMATS, renderLabel } from './render-label.test-support.ts';

describe('createTesseractOcrBackend', () => {
  it('returns the contract outputs and stores the serial crop as evidence', async () => {
    const stored: { bytes: Uint8Array; contentType: string }[] = [];
    const putMedia = async (bytes: Uint8Array, contentType: string): Promise<MediaRef> => {
      stored.push({ bytes, contentType });
      return {
        mediaId: `crop-${stored.length}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        contentType,
        size: bytes.length,
      };
    };
    const backend = createTesseractOcrBackend();
    expect(backend).toMatchObject({ model: 'tesseract-eng', task: 'ocr', backend: 'tesseract' });
    await backend.load();
    const label = renderLabel('KD20931874', CLEAN, { seed: 3 });
    const bytes = encodePng(label.image);
    const results = await backend.run([
      { bytes, params: { language: 'eng', serialPattern: SERIAL_FORMATS.warranty.pattern }, putMedia },
      { bytes, params: { language: 'eng', serialPattern: '([' }, putMedia },
      { bytes, params: { language: 'klingon' }, putMedia },
      { bytes: new Uint8Array(0), params: { language: 'eng' }, putMedia },
    ]);
    const [ok, badPattern, badLanguage, empty] = results as [
      { text: string; crop: MediaRef; words: unknown[] },
      Error,
      Error,
      Error,
    ];
    expect(ok.text).toContain('KD20931874');
    expect(ok.crop.contentType).toBe('image/png');
    expect(stored).toHaveLength(1);
    const crop = decodeImage(stored[0]!.bytes);
    expect(crop.width).toBeLessThan(label.image.width);
    expect(crop.height).toBeLessThan(label.image.height / 2);
    expect(badPattern).toMatchObject({ code: 'bad_input' });
    expect(badLanguage).toMatchObject({ code: 'unsupported_language', retryable: false });
    expect(empty).toMatchObject({ code: 'empty', retryable: false });
  }, 60_000);
});
