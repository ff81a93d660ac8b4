import type { MediaRef } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, encodeJpeg, encodePng } from '../imaging/index.ts';
import { BadInferenceInputError } from '../detector/detector-backend.ts';
import type { BackendItem, InferenceBackend } from '../pool/backend.ts';
import { createDefectClassifierBackend } from './defect-classifier-backend.ts';
import type { ClassifierOutput } from './onnx-classifier.ts';
import { generateSample } from './synthetic.ts';

function item(bytes: Uint8Array, params: Record<string, unknown> = {}): BackendItem {
  const media: MediaRef = { mediaId: 'm', sha256: '0'.repeat(64), contentType: 'image/png', size: bytes.length };
  return {
    media,
    bytes,
    params,
    putMedia: () => Promise.reject(new Error('the classifier stores nothing')),
  };
}

describe('createDefectClassifierBackend (the defect classifier in a pool)', () => {
  it('names the model before loading and serves the classify contract', async () => {
    const backend = createDefectClassifierBackend({ intraOpNumThreads: 1 });
    // Structurally a pool backend.
    const asPoolBackend: InferenceBackend = backend;
    expect(asPoolBackend.maxBatch).toBe(32);
    expect([backend.model, backend.version, backend.task, backend.backend]).toEqual([
      'defect-classifier',
      '1.0.0',
      'classify',
      'onnx-cpu',
    ]);
    expect(backend.classifier).toBeUndefined();
    await backend.load();
    expect(backend.classifier!.loadMs).toBeGreaterThan(0);

    const crack = generateSample(77, 0, { label: 'crack', material: 'painted' });
    const png = encodePng(crack);
    const results = await backend.run([
      item(png),
      item(encodeJpeg(crack, 92)),
      item(new Uint8Array(0)), // zero bytes
      item(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')), // unsupported
      item(Buffer.from('definitely not an image')), // unsupported
      item(png.subarray(0, png.length - 40)), // truncated PNG
      item(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3])), // broken JPEG
      item(png, { region: { x: 0, y: 0, width: 2, height: 1 } }), // invalid params
      item(png, { region: { x: 0.25, y: 0.25, width: 0.5, height: 0.5 } }),
    ]);
    expect(results).toHaveLength(9);
    const codes = results.slice(2, 7).map((r) => (r instanceof ImageDecodeError ? r.code : r));
    expect(codes).toEqual(['empty', 'unsupported_format', 'unsupported_format', 'corrupt', 'corrupt']);
    expect(results[7]).toBeInstanceOf(BadInferenceInputError);
    for (const i of [0, 1, 8]) {
      const out = results[i] as ClassifierOutput;
      expect(out.scores.map((s) => s.label)).toContain('crack');
    }
    // PNG and a good JPEG of the same picture agree on the verdict.
    const topOf = (out: ClassifierOutput): string =>
      out.scores.slice(0, 4).reduce((a, b) => (b.score > a.score ? b : a)).label;
    expect(topOf(results[0] as ClassifierOutput)).toBe('crack');
    expect(topOf(results[1] as ClassifierOutput)).toBe('crack');
    await backend.classifier!.release();
  });
});
