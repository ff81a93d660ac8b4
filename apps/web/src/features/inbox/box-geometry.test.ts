import { describe, expect, it } from 'vitest';
import { boxFromPoints, clampBox, describeBoxChanges, moveBox, resizeBox, type EditableBox } from './box-geometry';

describe('box geometry', () => {
  it('keeps moved boxes inside the image', () => {
    expect(moveBox({ x: 0.8, y: 0.1, width: 0.3, height: 0.2 }, 0.2, -0.5)).toEqual({
      x: 0.7,
      y: 0,
      width: 0.3,
      height: 0.2,
    });
    expect(clampBox({ x: -1, y: 0.5, width: 0, height: 2 })).toEqual({ x: 0, y: 0, width: 0.005, height: 1 });
  });
  it('resizes from a corner and draws from two points in any direction', () => {
    expect(resizeBox({ x: 0.1, y: 0.1, width: 0.4, height: 0.4 }, 'se', 0.6, 0.7)).toEqual({
      x: 0.1,
      y: 0.1,
      width: 0.5,
      height: 0.6,
    });
    expect(resizeBox({ x: 0.1, y: 0.1, width: 0.4, height: 0.4 }, 'nw', 0.2, 0.3)).toEqual({
      x: 0.2,
      y: 0.3,
      width: 0.3,
      height: 0.2,
    });
    expect(boxFromPoints(0.5, 0.5, 0.2, 0.1)).toEqual({ x: 0.2, y: 0.1, width: 0.3, height: 0.4 });
  });
  it('describes changes in words', () => {
    const a: EditableBox = {
      key: 'm0',
      modelIndex: 0,
      mediaId: 'a',
      label: 'laptop',
      box: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 },
    };
    const b: EditableBox = {
      key: 'm1',
      modelIndex: 1,
      mediaId: 'a',
      label: 'mouse',
      box: { x: 0.5, y: 0.5, width: 0.1, height: 0.1 },
    };
    expect(
      describeBoxChanges(
        [a, b],
        [
          { ...a, label: 'tablet', box: { ...a.box, x: 0.2 } },
          { key: 'h1', mediaId: 'a', label: 'crack', box: b.box },
        ],
      ),
    ).toEqual(['relabeled laptop → tablet', 'moved/resized tablet', 'deleted mouse', 'added crack']);
  });
});
