export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EditableBox {
  /** Stable key in the editor: `m<index>` for a model detection, `h<n>` for a drawn box. */
  key: string;
  label: string;
  /** The model's score (absent for boxes a reviewer drew). */
  score?: number;
  box: Box;
  /** Index in the task's detections, so the server can tell moves from additions. */
  modelIndex?: number;
  mediaId: string;
}

const MIN = 0.005;

/** Keeps a box inside the image and at least a few pixels big. */
export function clampBox(b: Box): Box {
  const width = Math.min(1, Math.max(MIN, b.width));
  const height = Math.min(1, Math.max(MIN, b.height));
  return {
    x: round(Math.min(1 - width, Math.max(0, b.x))),
    y: round(Math.min(1 - height, Math.max(0, b.y))),
    width: round(width),
    height: round(height),
  };
}

export function moveBox(b: Box, dx: number, dy: number): Box {
  return clampBox({ ...b, x: b.x + dx, y: b.y + dy });
}

export type Corner = 'nw' | 'ne' | 'sw' | 'se';

/** Drags one corner; the opposite corner stays put (boxes may be flipped through). */
export function resizeBox(b: Box, corner: Corner, px: number, py: number): Box {
  const x2 = b.x + b.width;
  const y2 = b.y + b.height;
  const left = corner === 'nw' || corner === 'sw' ? px : b.x;
  const right = corner === 'ne' || corner === 'se' ? px : x2;
  const top = corner === 'nw' || corner === 'ne' ? py : b.y;
  const bottom = corner === 'sw' || corner === 'se' ? py : y2;
  return boxFromPoints(left, top, right, bottom);
}

export function boxFromPoints(x1: number, y1: number, x2: number, y2: number): Box {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const [a, b] = [clamp(Math.min(x1, x2)), clamp(Math.max(x1, x2))];
  const [c, d] = [clamp(Math.min(y1, y2)), clamp(Math.max(y1, y2))];
  return clampBox({ x: a, y: c, width: b - a, height: d - c });
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** What changed against the model's boxes, in words, for the decision panel. */
export function describeBoxChanges(original: EditableBox[], current: EditableBox[]): string[] {
  const out: string[] = [];
  const byIndex = new Map(current.filter((b) => b.modelIndex !== undefined).map((b) => [b.modelIndex!, b]));
  for (const o of original) {
    const now = byIndex.get(o.modelIndex!);
    if (!now) {
      out.push(`deleted ${o.label}`);
      continue;
    }
    if (now.label !== o.label) out.push(`relabeled ${o.label} → ${now.label}`);
    const moved = ['x', 'y', 'width', 'height'].some(
      (k) => Math.abs(now.box[k as keyof Box] - o.box[k as keyof Box]) > 0.002,
    );
    if (moved) out.push(`moved/resized ${now.label}`);
  }
  for (const b of current) if (b.modelIndex === undefined) out.push(`added ${b.label}`);
  return out;
}
