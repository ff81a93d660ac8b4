import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MediaRef } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../imaging/decode-image.ts';
import { createCocoDetectorBackend, type PoolItem } from './detector-backend.ts';

const coffee = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../fixtures/images/coffee.jpg', import.meta.url))),
);
const item = (bytes: Uint8Array, params: Record<string, unknown> = {}): PoolItem => ({
  bytes,
  params,
  putMedia: async (): Promise<MediaRef> => {
    throw new Error('the detector stores nothing');
  },
});

describe('createCocoDetectorBackend', () => {
  it('serves a batch: contract outputs per request, and per-request errors for bad input', async () => {
    const backend = createCocoDetectorBackend();
    expect(backend).toMatchObject({ model: 'coco-detector', task: 'detect', backend: 'tfjs-wasm' });
    await backend.load();
    const results = await backend.run([
      item(coffee),
      item(new Uint8Array([1, 2, 3])),
      item(coffee, { minScore: 7 }),
      item(coffee, { region: { x: 0, y: 0, width: 0.2, height: 0.2 }, minScore: 0.3 }),
    ]);
    expect(results[0]).toMatchObject({ width: 600, height: 400 });
    expect((results[0] as { detections: { label: string }[] }).detections[0]?.label).toBe('cup');
    expect(results[1]).toBeInstanceOf(ImageDecodeError);
    expect(results[2]).toMatchObject({ code: 'bad_input', retryable: false });
    // Top-left corner of the photo: table and wall, no cup.
    expect((results[3] as { detections: { label: string }[] }).detections.map((d) => d.label)).not.toContain('cup');
  }, 60_000);
});
