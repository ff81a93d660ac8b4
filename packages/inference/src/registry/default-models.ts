import type { ModelSeed } from '@conveyor/db';

/** A registry entry with its model card (the seed's shape, so seeding takes these as-is). */
export type DefaultModel = ModelSeed & {
  card: { intendedUse: string; trainingData: string; measuredAccuracy: string; limits: string };
};

/**
 * The models every installation starts with, all served by the CPU pool and all shipped
 * with the project (no weights are downloaded at run time).
 */
export const DEFAULT_MODELS: readonly DefaultModel[] = [
  {
    name: 'coco-detector',
    task: 'detect',
    description: 'General object detector (80 COCO classes): finds the product, people and common objects in a photo.',
    version: '1.0.0',
    backend: 'tfjs-wasm-centernet',
    pool: 'cpu',
    labels: [],
    thresholds: { minScore: 0.3 },
    card: {
      intendedUse:
        'Locate the claimed product and obvious context in claim photos; boxes feed rules and the review inbox.',
      trainingData: 'COCO 2017 (CenterNet weights shipped with @vladmandic/human 3.3.6).',
      measuredAccuracy: 'Not re-measured here; see the upstream model card. Checked by a known-image test.',
      limits: 'COCO classes only; small or unusual products may be missed; not a damage detector.',
    },
  },
  {
    name: 'defect-classifier',
    task: 'classify',
    description: 'Surface defect classifier trained by Conveyor: clean, scratch, crack, dent.',
    version: '1.0.0',
    backend: 'onnx-cpu',
    pool: 'cpu',
    labels: ['clean', 'scratch', 'crack', 'dent'],
    thresholds: { autoApprove: 0.85, review: 0.4 },
    card: {
      intendedUse:
        'Classify close-up product-surface photos in warranty claims to route them (approve / review / ask for more).',
      trainingData:
        'Synthetic surface images from packages/inference/src/classifier/synthetic.ts (see training/README.md).',
      measuredAccuracy: 'Held-out synthetic set, measured by packages/inference/src/classifier tests (see model.json).',
      limits:
        'Trained on synthetic textures only; real photos with unusual lighting or materials need review and retraining from corrections.',
    },
  },
  {
    name: 'tesseract-eng',
    task: 'ocr',
    description: 'Reads printed text (serial-number labels) with Tesseract (English, LSTM best_int).',
    version: '1.0.0',
    backend: 'tesseract',
    pool: 'cpu',
    labels: [],
    thresholds: { minConfidence: 0.6 },
    card: {
      intendedUse: 'Read serial numbers from product labels; a format-aware correction fixes O/0, I/1, S/5 confusions.',
      trainingData: 'Tesseract 4 English traineddata (@tesseract.js-data/eng 1.0.0).',
      measuredAccuracy:
        'Exact serial reads on rendered clean and noisy labels, measured by packages/inference/src/ocr tests.',
      limits: 'Printed Latin text; handwriting, heavy glare and strong perspective reduce accuracy.',
    },
  },
  {
    name: 'ffmpeg-frame-sampler',
    task: 'sample',
    description:
      'Samples frames from claim videos (every N seconds or at scene changes, capped) for the detector and classifier.',
    version: '1.0.0',
    backend: 'ffmpeg',
    pool: 'cpu',
    labels: [],
    thresholds: {},
    card: {
      intendedUse: 'Turn a claim video into a few still frames with timestamps.',
      trainingData: 'None (not a learned model): the static ffmpeg shipped in @ffmpeg-installer/ffmpeg 1.1.0.',
      measuredAccuracy:
        'Frame counts and timestamps (interval and scene mode) checked by packages/inference/src/video tests.',
      limits:
        'Interval sampling can miss events shorter than the interval; scene mode misses slow changes below its sensitivity. Frames are scaled to fit 1280 px.',
    },
  },
];
