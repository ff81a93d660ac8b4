/**
 * Renders the synthetic train and validation sets for train_defect_classifier.py as NumPy
 * .npy files: images are generated at --render px and shrunk to the model's --input size with
 * the SAME resize the inference backend uses (resizeRgb), so training sees exactly the pixels
 * inference will see.
 *
 *   pnpm --filter @conveyor/inference exec tsx training/export-dataset.ts [--out DIR]
 *     [--train 12000] [--val 1200] [--train-seed 1] [--val-seed 2] [--render 96] [--input 64]
 *
 * Writes DIR/{x_train,y_train,x_val,y_val}.npy (x: uint8 N×H×W×3, y: uint8 class index in
 * DEFECT_CLASSES order) and DIR/dataset.json. Renders on all cores (worker threads).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { resizeRgb } from '../src/classifier/resize.ts';
import { DEFECT_CLASSES, generateSample } from '../src/classifier/synthetic.ts';

interface Job {
  seed: number;
  start: number;
  count: number;
  render: number;
  input: number;
}

interface Rendered {
  x: Uint8Array;
  y: Uint8Array;
}

function render(job: Job): Rendered {
  const pixels = job.input * job.input * 3;
  const x = new Uint8Array(job.count * pixels);
  const y = new Uint8Array(job.count);
  for (let i = 0; i < job.count; i++) {
    const sample = generateSample(job.seed, job.start + i, { size: job.render });
    x.set(job.render === job.input ? sample.rgb : resizeRgb(sample, job.input, job.input), i * pixels);
    y[i] = DEFECT_CLASSES.indexOf(sample.label);
  }
  return { x, y };
}

/** A NumPy v1.0 .npy file of uint8 with the given shape. */
function npy(data: Uint8Array, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

async function renderParallel(seed: number, count: number, render: number, input: number): Promise<Rendered> {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const per = Math.ceil(count / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: Job = { seed, start: w * per, count: Math.max(0, Math.min(per, count - w * per)), render, input };
      return new Promise<Rendered>((resolve, reject) => {
        const worker = new Worker(fileURLToPath(import.meta.url), { workerData: job });
        worker.once('message', (result: Rendered) => resolve(result));
        worker.once('error', reject);
      });
    }),
  );
  const pixels = input * input * 3;
  const x = new Uint8Array(count * pixels);
  const y = new Uint8Array(count);
  parts.forEach((part, w) => {
    x.set(part.x, w * per * pixels);
    y.set(part.y, w * per);
  });
  return { x, y };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(fileURLToPath(new URL('.', import.meta.url)), '.data') },
      train: { type: 'string', default: '12000' },
      val: { type: 'string', default: '1200' },
      'train-seed': { type: 'string', default: '1' },
      'val-seed': { type: 'string', default: '2' },
      render: { type: 'string', default: '96' },
      input: { type: 'string', default: '64' },
    },
  });
  const render = Number(values.render);
  const input = Number(values.input);
  mkdirSync(values.out, { recursive: true });
  const sets = [
    { name: 'train', seed: Number(values['train-seed']), count: Number(values.train) },
    { name: 'val', seed: Number(values['val-seed']), count: Number(values.val) },
  ];
  for (const set of sets) {
    const started = performance.now();
    const { x, y } = await renderParallel(set.seed, set.count, render, input);
    writeFileSync(join(values.out, `x_${set.name}.npy`), npy(x, [set.count, input, input, 3]));
    writeFileSync(join(values.out, `y_${set.name}.npy`), npy(y, [set.count]));
    console.log(`${set.name}: ${set.count} images (seed ${set.seed}) in ${Math.round(performance.now() - started)} ms`);
  }
  const meta = {
    generator: 'packages/inference/src/classifier/synthetic.ts',
    classes: DEFECT_CLASSES,
    renderSize: render,
    inputSize: input,
    resize: 'resizeRgb (antialiased bilinear), packages/inference/src/classifier/resize.ts',
    train: { seed: sets[0]!.seed, count: sets[0]!.count },
    val: { seed: sets[1]!.seed, count: sets[1]!.count },
  };
  writeFileSync(join(values.out, 'dataset.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`wrote ${values.out}`);
}

if (isMainThread) {
  await main();
} else {
  const result = render(workerData as Job);
  parentPort!.postMessage(result, [result.x.buffer as ArrayBuffer, result.y.buffer as ArrayBuffer]);
}
