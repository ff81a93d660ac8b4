import { describe, expect, it } from 'vitest';
import {
  classifyOutputsSchema,
  detectOutputsSchema,
  inferenceContract,
  INFERENCE_TASKS,
  ocrOutputsSchema,
  sampleInputsSchema,
  sampleOutputsSchema,
} from './inference-contract.ts';

const media = { mediaId: 'm1', sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 10 };

describe('inference contract', () => {
  it('covers every task', () => {
    expect(Object.keys(inferenceContract).sort()).toEqual([...INFERENCE_TASKS].sort());
  });

  it('detect: pixel boxes with the image size, optional normalised box', () => {
    const ok = detectOutputsSchema.safeParse({
      width: 640,
      height: 480,
      detections: [
        { label: 'laptop', score: 0.9, box: { x: -2, y: 10, width: 300, height: 200 } },
        {
          label: 'mouse',
          score: 0.5,
          box: { x: 1, y: 1, width: 2, height: 2 },
          normalizedBox: { x: 0, y: 0, width: 0.1, height: 0.1 },
        },
      ],
    });
    expect(ok.success).toBe(true);
    expect(detectOutputsSchema.safeParse({ detections: [] }).success).toBe(false);
    const badScore = detectOutputsSchema.safeParse({
      width: 1,
      height: 1,
      detections: [{ label: 'x', score: 87, box: { x: 0, y: 0, width: 1, height: 1 } }],
    });
    expect(badScore.error?.issues[0]?.path).toEqual(['detections', 0, 'score']);
    const negative = detectOutputsSchema.safeParse({
      width: 1,
      height: 1,
      detections: [{ label: 'x', score: 0.5, box: { x: 0, y: 0, width: -1, height: 1 } }],
    });
    expect(negative.success).toBe(false);
  });

  it('classify: at least one score, labels unique', () => {
    expect(classifyOutputsSchema.safeParse({ scores: [{ label: 'defect', score: 0.7 }] }).success).toBe(true);
    expect(classifyOutputsSchema.safeParse({ scores: [] }).success).toBe(false);
    const dup = classifyOutputsSchema.safeParse({
      scores: [
        { label: 'ok', score: 0.2 },
        { label: 'ok', score: 0.3 },
      ],
    });
    expect(dup.error?.issues[0]?.message).toBe('duplicate label');
  });

  it('ocr: words need the image size; crop is a media reference', () => {
    expect(ocrOutputsSchema.safeParse({ text: 'AB12345678', confidence: 0.9 }).success).toBe(true);
    const words = [{ text: 'AB12345678', confidence: 0.9, box: { x: 1, y: 2, width: 3, height: 4 } }];
    expect(ocrOutputsSchema.safeParse({ text: 'AB12345678', confidence: 0.9, words }).success).toBe(false);
    expect(
      ocrOutputsSchema.safeParse({ text: 'x', confidence: 0.9, words, width: 10, height: 10, crop: media }).success,
    ).toBe(true);
    expect(ocrOutputsSchema.safeParse({ text: 'x', confidence: 90 }).success).toBe(false);
  });

  it('sample: frames are media references with timestamps', () => {
    expect(sampleOutputsSchema.safeParse({ frames: [{ media, timestampMs: 0 }] }).success).toBe(true);
    expect(sampleOutputsSchema.safeParse({ frames: [{ media: { mediaId: 'x' }, timestampMs: 0 }] }).success).toBe(
      false,
    );
    expect(
      sampleInputsSchema.safeParse({ media, everyMs: 1000, startMs: 0, maxFrames: 30, format: 'jpeg' }).success,
    ).toBe(true);
  });
});
