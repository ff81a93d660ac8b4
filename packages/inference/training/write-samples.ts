/**
 * Writes a contact sheet of synthetic samples (one row per class) for a look by eye:
 *   pnpm --filter @conveyor/inference exec tsx training/write-samples.ts [out.png] [seed] [perClass] [size]
 */
import { writeFileSync } from 'node:fs';
import { encodePng } from '../src/imaging/index.ts';
import { DEFECT_CLASSES, generateSample } from '../src/classifier/synthetic.ts';

const [out = 'samples.png', seedArg = '7', perClassArg = '8', sizeArg = '96'] = process.argv.slice(2);
const seed = Number(seedArg);
const perClass = Number(perClassArg);
const size = Number(sizeArg);
const gap = 4;
const width = perClass * (size + gap) - gap;
const height = DEFECT_CLASSES.length * (size + gap) - gap;
const sheet = new Uint8Array(width * height * 3).fill(255);
DEFECT_CLASSES.forEach((label, row) => {
  for (let col = 0; col < perClass; col++) {
    const sample = generateSample(seed, row * perClass + col, { label, size });
    for (let y = 0; y < size; y++) {
      const dst = ((row * (size + gap) + y) * width + col * (size + gap)) * 3;
      sheet.set(sample.rgb.subarray(y * size * 3, (y + 1) * size * 3), dst);
    }
  }
});
writeFileSync(out, encodePng({ rgb: sheet, width, height }));
console.log(`wrote ${out}: rows ${DEFECT_CLASSES.join(', ')}`);
