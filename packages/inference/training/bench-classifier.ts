/**
 * Load time, batch-1 latency and batch-16 throughput of the committed defect classifier:
 *   pnpm --filter @conveyor/inference exec tsx training/bench-classifier.ts [threads]
 * (threads: ONNX Runtime intra-op threads; default ORT's own choice.)
 */
import { OnnxImageClassifier } from '../src/classifier/onnx-classifier.ts';
import { generateDataset } from '../src/classifier/synthetic.ts';
import { resizeRgb } from '../src/classifier/resize.ts';

const threads = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const t0 = performance.now();
const classifier = await OnnxImageClassifier.load(threads === undefined ? {} : { intraOpNumThreads: threads });
console.log(
  `load (read + session + warm-up run): ${classifier.loadMs.toFixed(1)} ms (${(performance.now() - t0).toFixed(1)} ms wall)`,
);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function measure(name: string, images: Parameters<typeof classifier.classify>[0], batch: number, rounds: number) {
  const times: number[] = [];
  for (let r = 0; r < rounds + 3; r++) {
    const chunk = Array.from({ length: batch }, (_, i) => images[(r * batch + i) % images.length]!);
    const t = performance.now();
    await classifier.classify(chunk);
    if (r >= 3) times.push(performance.now() - t);
  }
  const m = median(times);
  console.log(
    `${name} batch ${batch}: median ${m.toFixed(2)} ms/run, ${(m / batch).toFixed(2)} ms/image, ${((batch * 1000) / m).toFixed(0)} images/s`,
  );
}

const small = generateDataset(31337, 64); // 96×96 renders (resized to 64×64)
await measure('96×96', small, 1, 300);
await measure('96×96', small, 16, 100);
// Phone-sized photos: the resize from 12 MP dominates.
const big = small.slice(0, 4).map((s) => ({ rgb: resizeRgb(s, 4000, 3000), width: 4000, height: 3000 }));
await measure('4000×3000', big, 1, 10);
await measure('4000×3000', big, 16, 3);
await classifier.release();
