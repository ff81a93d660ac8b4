import type { PixelBox } from '../sdk/inference-contract.ts';
import type { Box } from '../sdk/port-values.ts';

/**
 * Box arithmetic shared by the detector and OCR executors. Port values carry boxes as
 * fractions of the image (they survive thumbnails and resizing); backends report pixels.
 */

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Pixels of a `width`×`height` image → fractions, clipped to the image: detectors often
 * overshoot an edge by a pixel or two, which is no reason to reject the detection.
 */
export function normalizeBox(box: PixelBox, width: number, height: number): Box {
  return clipBox({ x: box.x / width, y: box.y / height, width: box.width / width, height: box.height / height });
}

/** Keeps a fractional box inside the unit square (x + width ≤ 1, y + height ≤ 1). */
export function clipBox(box: Box): Box {
  const [x, width] = clipSpan(box.x, box.width);
  const [y, height] = clipSpan(box.y, box.height);
  return { x, y, width, height };
}

/** A start and length clipped to 0..1; untouched (no float drift) when already inside. */
function clipSpan(start: number, length: number): [number, number] {
  const end = start + length;
  const from = clamp01(start);
  const to = clamp01(end);
  if (from === start && to === end) return [start, length];
  return [from, Math.max(0, to - from)];
}

/**
 * Whether a box belongs to a region of interest: its centre lies inside. Centre rather
 * than overlap, so a product half in the region counts once and a box grazing its edge
 * does not count at all.
 */
export function centerInRegion(box: Box, region: Box | undefined): boolean {
  if (region === undefined) return true;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return cx >= region.x && cx <= region.x + region.width && cy >= region.y && cy <= region.y + region.height;
}
