import { classifyOutputsSchema } from '@conveyor/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodePng } from '../imaging/index.ts';
import { ModelLoadError, OnnxImageClassifier, type ClassifierOutput } from './onnx-classifier.ts';
import { DEFECT_CLASSES, generateDataset, generateSample } from './synthetic.ts';

/** Not a training (1) or validation (2) seed: images the model has never seen. */
const HELD_OUT_SEED = 20_251_128;
const HELD_OUT_COUNT = 400;

const top = (out: ClassifierOutput): string =>
  out.scores
    .filter((s) => (DEFECT_CLASSES as readonly string[]).includes(s.label))
    .reduce((best, s) => (s.score > best.score ? s : best)).label;

let classifier: OnnxImageClassifier;

beforeAll(async () => {
  classifier = await OnnxImageClassifier.load({ intraOpNumThreads: 1 });
});

afterAll(async () => {
  await classifier?.release();
});

describe('OnnxImageClassifier (committed defect classifier)', () => {
  it('loads the manifest: labels in output order, input size, normalisation', () => {
    expect(classifier.manifest.name).toBe('defect-classifier');
    expect(classifier.labels).toEqual(DEFECT_CLASSES);
    expect(classifier.manifest.input).toMatchObject({ width: 64, height: 64 });
    expect(classifier.loadMs).toBeGreaterThan(0);
  });

  it(`scores ≥ 95% on ${HELD_OUT_COUNT} held-out synthetic images`, async () => {
    const images = generateDataset(HELD_OUT_SEED, HELD_OUT_COUNT); // 96×96: the backend resizes
    const outputs: ClassifierOutput[] = [];
    for (let i = 0; i < images.length; i += 50) outputs.push(...(await classifier.classify(images.slice(i, i + 50))));
    const confusion = DEFECT_CLASSES.map(() => DEFECT_CLASSES.map(() => 0));
    let correct = 0;
    images.forEach((image, i) => {
      const predicted = top(outputs[i]!);
      confusion[DEFECT_CLASSES.indexOf(image.label)]![DEFECT_CLASSES.indexOf(predicted as never)]! += 1;
      if (predicted === image.label) correct += 1;
    });
    const accuracy = correct / images.length;
    const table = confusion.map(
      (row, i) => `${DEFECT_CLASSES[i]!.padEnd(8)} ${row.map((n) => String(n).padStart(4)).join('')}`,
    );
    console.log(
      `held-out accuracy ${(accuracy * 100).toFixed(1)}% (${correct}/${images.length}, seed ${HELD_OUT_SEED})\n` +
        `true \\ predicted ${DEFECT_CLASSES.join(' ')}\n${table.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  }, 60_000); // generating 400 images takes seconds on a busy 2-core machine

  it('meets the classify contract: softmax scores per label plus the derived defect score', async () => {
    const [out] = await classifier.classify([generateSample(HELD_OUT_SEED, 1)]);
    expect(() => classifyOutputsSchema.parse(out)).not.toThrow();
    expect(out!.scores.map((s) => s.label)).toEqual([...DEFECT_CLASSES, 'defect']);
    const byLabel = Object.fromEntries(out!.scores.map((s) => [s.label, s.score]));
    expect(DEFECT_CLASSES.reduce((sum, l) => sum + byLabel[l]!, 0)).toBeCloseTo(1, 5);
    expect(byLabel.defect).toBeCloseTo(1 - byLabel.clean!, 5);
  });

  it('gives every image in a batch its own result, equal to classifying it alone', async () => {
    // Mixed sizes in one batch: each is resized on its own.
    const images = [...generateDataset(HELD_OUT_SEED + 1, 12), ...generateDataset(HELD_OUT_SEED + 2, 4, { size: 128 })];
    const batched = await classifier.classify(images);
    expect(batched).toHaveLength(images.length);
    for (let i = 0; i < images.length; i++) {
      const [alone] = await classifier.classify([images[i]!]);
      alone!.scores.forEach((s, k) => {
        expect(batched[i]!.scores[k]!.label).toBe(s.label);
        expect(batched[i]!.scores[k]!.score).toBeCloseTo(s.score, 5);
      });
    }
    // Different images, different scores: nothing leaks between batch rows.
    expect(new Set(batched.map((o) => o.scores[0]!.score.toFixed(6))).size).toBe(images.length);
    expect(await classifier.classify([])).toEqual([]);
  });

  it('crops to the region: the damaged half of a photo scores as damage, the clean half as clean', async () => {
    const clean = generateSample(HELD_OUT_SEED, 100, { label: 'clean', material: 'painted' });
    const crack = generateSample(HELD_OUT_SEED, 101, { label: 'crack', material: 'painted' });
    const size = clean.width;
    const rgb = new Uint8Array(size * 2 * size * 3);
    for (let y = 0; y < size; y++) {
      rgb.set(clean.rgb.subarray(y * size * 3, (y + 1) * size * 3), y * size * 2 * 3);
      rgb.set(crack.rgb.subarray(y * size * 3, (y + 1) * size * 3), (y * size * 2 + size) * 3);
    }
    const photo = { rgb, width: size * 2, height: size };
    const [left, right] = await classifier.classify([
      { ...photo, region: { x: 0, y: 0, width: 0.5, height: 1 } },
      { ...photo, region: { x: 0.5, y: 0, width: 0.5, height: 1 } },
    ]);
    expect(top(left!)).toBe('clean');
    expect(top(right!)).toBe('crack');
  });

  it('classifies decoded PNG bytes exactly like the raw pixels', async () => {
    const image = generateSample(HELD_OUT_SEED, 7);
    const decoded = decodeImage(encodePng(image));
    const [fromBytes, fromPixels] = await classifier.classify([decoded, image]);
    expect(fromBytes).toEqual(fromPixels);
  });

  it('refuses malformed pixel buffers and unusable model folders', async () => {
    await expect(classifier.classify([{ rgb: new Uint8Array(5), width: 2, height: 2 }])).rejects.toThrow(/images\[0\]/);
    await expect(OnnxImageClassifier.load({ modelDir: '/nonexistent' })).rejects.toBeInstanceOf(ModelLoadError);
  });
});
