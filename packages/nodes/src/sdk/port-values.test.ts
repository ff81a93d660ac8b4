import { describe, expect, it } from 'vitest';
import { PORT_TYPES } from './port-types.ts';
import { decisionSchema, mediaRefSchema, portValueSchemas } from './port-values.ts';

const ref = { mediaId: 'm1', sha256: 'a'.repeat(64), contentType: 'image/jpeg', size: 1024, width: 640, height: 480 };

describe('port value schemas', () => {
  it('has a schema for every port type', () => {
    expect(Object.keys(portValueSchemas).sort()).toEqual([...PORT_TYPES].sort());
  });

  it('validates media references', () => {
    expect(mediaRefSchema.safeParse(ref).success).toBe(true);
    expect(mediaRefSchema.safeParse({ ...ref, sha256: 'A'.repeat(64) }).success).toBe(false);
    expect(mediaRefSchema.safeParse({ ...ref, size: -1 }).success).toBe(false);
    expect(portValueSchemas['media[]'].safeParse([ref, ref]).success).toBe(true);
  });

  it('keeps detection scores and boxes inside 0..1', () => {
    const detections = {
      model: { name: 'coco-detector', version: '1.0.0' },
      items: [{ mediaId: 'm1', label: 'laptop', score: 0.9, box: { x: 0.1, y: 0.1, width: 0.5, height: 0.5 } }],
    };
    expect(portValueSchemas.detections.safeParse(detections).success).toBe(true);
    const bad = { ...detections, items: [{ ...detections.items[0], score: 1.2 }] };
    expect(portValueSchemas.detections.safeParse(bad).success).toBe(false);
  });

  it('requires an ISO timestamp with offset on decisions', () => {
    const decision = { outcome: 'approve', source: 'rule', decidedAt: '2026-01-01T00:00:00.000Z', rowIndex: 0 };
    expect(decisionSchema.safeParse(decision).success).toBe(true);
    expect(decisionSchema.safeParse({ ...decision, decidedAt: 'yesterday' }).success).toBe(false);
    expect(decisionSchema.safeParse({ ...decision, source: 'robot' }).success).toBe(false);
  });

  it('accepts anything on any', () => {
    expect(portValueSchemas.any.safeParse(undefined).success).toBe(true);
  });
});
