import { describe, expect, it } from 'vitest';
import {
  correctionsSchema,
  diffBoxes,
  iou,
  levenshtein,
  textDisagreement,
  type ModelDetection,
} from './corrections.ts';
import { isOverride, modelLeaning, modelOutput } from './model-verdict.ts';

const dets: ModelDetection[] = [
  { mediaId: 'a', label: 'laptop', score: 0.9, box: { x: 0.1, y: 0.1, width: 0.4, height: 0.4 } },
  { mediaId: 'a', label: 'mouse', score: 0.6, box: { x: 0.6, y: 0.6, width: 0.1, height: 0.1 } },
  { mediaId: 'b', label: 'tv', score: 0.7, box: { x: 0, y: 0, width: 1, height: 1 } },
];

describe('box corrections', () => {
  it('finds moves, relabels, deletions and additions on one image', () => {
    const { changes, disagreement } = diffBoxes(dets, 'a', [
      { modelIndex: 0, label: 'laptop', box: { x: 0.2, y: 0.1, width: 0.4, height: 0.4 } },
      { label: 'keyboard', box: { x: 0.1, y: 0.7, width: 0.3, height: 0.1 } },
    ]);
    expect(changes).toEqual([
      { type: 'moved', modelIndex: 0, iou: 0.6 },
      { type: 'added', label: 'keyboard' },
      { type: 'deleted', modelIndex: 1, label: 'mouse' },
    ]);
    expect(disagreement).toBe(1);
  });

  it('treats untouched boxes as agreement and relabels as changes', () => {
    expect(
      diffBoxes(dets, 'a', [
        { modelIndex: 0, ...dets[0]! },
        { modelIndex: 1, ...dets[1]! },
      ]),
    ).toEqual({
      changes: [],
      disagreement: 0,
    });
    const relabel = diffBoxes(dets, 'a', [
      { modelIndex: 0, ...dets[0]! },
      { modelIndex: 1, label: 'remote', box: dets[1]!.box },
    ]);
    expect(relabel.changes).toEqual([{ type: 'relabeled', modelIndex: 1, from: 'mouse', to: 'remote' }]);
    expect(relabel.disagreement).toBe(0.5);
  });

  it('validates boxes inside the image', () => {
    expect(
      correctionsSchema.safeParse({
        boxes: [{ mediaId: 'a', items: [{ label: 'x', box: { x: 0.9, y: 0, width: 0.5, height: 0.1 } }] }],
      }).success,
    ).toBe(false);
  });

  it('measures overlap and text distance', () => {
    expect(iou(dets[0]!.box, dets[0]!.box)).toBe(1);
    expect(iou(dets[0]!.box, dets[1]!.box)).toBe(0);
    expect(levenshtein('AB12345678', 'AB12345G78')).toBe(1);
    expect(textDisagreement('AB12345678', 'AB12345G78')).toBe(0.1);
    expect(textDisagreement('same', 'same')).toBe(0);
  });
});

describe('model verdict', () => {
  const classification = { model: { name: 'defect-classifier', version: '1.0.0' }, label: 'defect', score: 0.62 };
  it('leans on the classifier, else on detections', () => {
    expect(modelLeaning({ classification })).toBe('approve');
    expect(modelLeaning({ classification: { ...classification, label: 'ok' } })).toBe('reject');
    expect(modelLeaning({ detections: { items: [{ label: 'tv', score: 0.3 }] } })).toBe('reject');
    expect(modelLeaning({})).toBeNull();
  });

  it('calls a decision against the leaning, or any correction, an override', () => {
    expect(isOverride('reject', 'approve', false)).toBe(true);
    expect(isOverride('approve', 'approve', false)).toBe(false);
    expect(isOverride('approve', 'approve', true)).toBe(true);
    expect(isOverride('more_info', 'approve', false)).toBe(false);
    expect(modelOutput({ classification }).models).toEqual(['defect-classifier@1.0.0']);
  });
});
