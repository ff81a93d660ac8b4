import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectOutputsSchema, type DetectOutputs } from '@conveyor/nodes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { iou } from '../imaging/boxes.ts';
import { decodeImage } from '../imaging/decode-image.ts';
import { createRgbImage, type RgbImage } from '../imaging/rgb-image.ts';
import { resizeImage } from '../imaging/transform-image.ts';
import { createHumanDetector, type HumanDetector } from './human-detector.ts';

// Public-domain / CC0 photos from scikit-image's sample data (see fixtures/README.md).
const fixture = (name: string): RgbImage =>
  decodeImage(new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/images/${name}`, import.meta.url)))));

/** `parts` pasted side by side on a grey canvas; returns where each went. */
function compose(
  parts: RgbImage[],
  gap = 40,
): { image: RgbImage; places: { x: number; y: number; width: number; height: number }[] } {
  const width = parts.reduce((w, p) => w + p.width, 0) + gap * (parts.length + 1);
  const height = Math.max(...parts.map((p) => p.height)) + 2 * gap;
  const image = createRgbImage(width, height, [128, 128, 128]);
  const places = [];
  let x = gap;
  for (const part of parts) {
    for (let row = 0; row < part.height; row++) {
      image.rgb.set(part.rgb.subarray(row * part.width * 3, (row + 1) * part.width * 3), ((gap + row) * width + x) * 3);
    }
    places.push({ x, y: gap, width: part.width, height: part.height });
    x += part.width + gap;
  }
  return { image, places };
}

const best = (out: DetectOutputs, label: string) => out.detections.find((d) => d.label === label);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('HumanDetector (CenterNet on tfjs-wasm)', () => {
  let detector: HumanDetector;
  const fetchSpy = vi.spyOn(globalThis, 'fetch');

  beforeAll(async () => {
    detector = await createHumanDetector();
  }, 60_000);
  afterAll(async () => {
    fetchSpy.mockRestore();
    await detector?.close();
  });

  it('loads from the installed packages without fetching anything', () => {
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(detector.labels).toHaveLength(80);
    expect(detector.labels).toContain('cup');
  });

  it('finds the expected objects in known images, with sensible scores and boxes', async () => {
    const astronaut = fixture('astronaut.jpg');
    const coffee = fixture('coffee.jpg');
    const times: number[] = [];
    const outputs: DetectOutputs[] = [];
    for (let round = 0; round < 3; round++) {
      for (const image of [astronaut, coffee]) {
        const t = performance.now();
        const [out] = await detector.detect([{ image }]);
        times.push(performance.now() - t);
        if (round === 0) outputs.push(out!);
      }
    }
    const [onAstronaut, onCoffee] = outputs as [DetectOutputs, DetectOutputs];
    for (const out of outputs) expect(() => detectOutputsSchema.parse(out)).not.toThrow();

    const person = best(onAstronaut, 'person');
    expect(person?.score).toBeGreaterThanOrEqual(0.5);
    expect(onAstronaut.detections[0]?.label).toBe('person');
    // The astronaut fills the left two thirds of the frame, head to bottom edge.
    expect(person!.box.height).toBeGreaterThan(0.8 * astronaut.height);
    expect(person!.box.x + person!.box.width / 2).toBeLessThan(0.6 * astronaut.width);

    const cup = best(onCoffee, 'cup');
    expect(cup?.score).toBeGreaterThanOrEqual(0.35);
    expect(onCoffee.detections[0]?.label).toBe('cup');
    expect(cup!.normalizedBox).toBeDefined();
    expect(cup!.normalizedBox!.x).toBeCloseTo(cup!.box.x / coffee.width, 6);

    console.log(
      `[detector] load ${detector.loadMs.toFixed(0)} ms; per image p50 ${median(times).toFixed(0)} ms ` +
        `(${times.length} runs, 512×512 and 600×400); person ${person!.score.toFixed(2)}, cup ${cup!.score.toFixed(2)}`,
    );
  }, 60_000);

  it('returns boxes in the whole image, with or without a region, and for large photos', async () => {
    const astronaut = fixture('astronaut.jpg');
    const coffee = fixture('coffee.jpg');
    const { image, places } = compose([astronaut, coffee]);
    const [whole, rightHalf] = await detector.detect([
      { image },
      {
        image,
        region: { x: places[1]!.x / image.width - 0.01, y: 0, width: 1 - places[1]!.x / image.width + 0.01, height: 1 },
      },
    ]);
    const person = best(whole!, 'person');
    const cup = best(whole!, 'cup');
    expect(person).toBeDefined();
    expect(cup).toBeDefined();
    expect(person!.box.x + person!.box.width / 2).toBeLessThan(places[1]!.x);
    expect(cup!.box.x).toBeGreaterThan(places[1]!.x - 5);

    // Read through a region (about the coffee photo alone), the cup is where detecting the
    // photo on its own puts it, shifted to where the photo was pasted.
    const cupInRegion = best(rightHalf!, 'cup');
    expect(cupInRegion).toBeDefined();
    expect(rightHalf!.width).toBe(image.width);
    const [alone] = await detector.detect([{ image: coffee }]);
    const cupAlone = best(alone!, 'cup')!;
    const shifted = { ...cupAlone.box, x: cupAlone.box.x + places[1]!.x, y: cupAlone.box.y + places[1]!.y };
    expect(iou(cupInRegion!.box, shifted)).toBeGreaterThan(0.7);
    expect(iou(cupInRegion!.box, cup!.box)).toBeGreaterThan(0.4);
    expect(best(rightHalf!, 'person')).toBeUndefined();

    // A 4× larger photo is shrunk for the model; boxes scale back to its own pixels.
    const big = resizeImage(astronaut, astronaut.width * 4, astronaut.height * 4);
    const [onBig] = await detector.detect([{ image: big }]);
    const [onSmall] = await detector.detect([{ image: astronaut }]);
    const bigPerson = best(onBig!, 'person')!;
    const smallPerson = best(onSmall!, 'person')!;
    const scaledDown = {
      x: bigPerson.box.x / 4,
      y: bigPerson.box.y / 4,
      width: bigPerson.box.width / 4,
      height: bigPerson.box.height / 4,
    };
    expect(iou(scaledDown, smallPerson.box)).toBeGreaterThan(0.8);
    expect(onBig!.width).toBe(big.width);
  }, 60_000);

  it('filters by minScore, finds nothing in a blank image, and leaks no tensors', async () => {
    const coffee = fixture('coffee.jpg');
    const before = detector.tensorCount();
    const [loose, strict] = await detector.detect([
      { image: coffee, minScore: 0.1 },
      { image: coffee, minScore: 0.99 },
    ]);
    expect(loose!.detections.length).toBeGreaterThanOrEqual(1);
    expect(loose!.detections.every((d) => d.score >= 0.1)).toBe(true);
    expect(strict!.detections).toEqual([]);
    const [blank] = await detector.detect([{ image: createRgbImage(320, 240, [200, 200, 200]), minScore: 0.3 }]);
    expect(blank!.detections).toEqual([]);
    expect(detector.tensorCount()).toBe(before);
  }, 60_000);
});
