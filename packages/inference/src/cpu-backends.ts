import { createDefectClassifierBackend } from './classifier/index.ts';
import { createCocoDetectorBackend } from './detector/index.ts';
import { createTesseractOcrBackend } from './ocr/index.ts';
import { createFrameSamplerBackend } from './video/index.ts';
import type { InferenceBackend } from './pool/backend.ts';

/**
 * The backends a CPU pool serves. Each loads lazily on its first batch and stays warm;
 * one model failing to load only fails that model's requests.
 */
export function createCpuBackends(): InferenceBackend[] {
  // One ONNX thread: the pool process is the unit of parallelism (measured ~2× faster
  // per image at batch 16 than the runtime's default thread count on 2 cores).
  return [
    createCocoDetectorBackend(),
    createDefectClassifierBackend({ intraOpNumThreads: 1 }),
    createTesseractOcrBackend(),
    createFrameSamplerBackend(),
  ];
}
