import { createCocoDetectorBackend } from './detector/index.ts';
import { createTesseractOcrBackend } from './ocr/index.ts';
import type { InferenceBackend } from './pool/backend.ts';

/**
 * The backends a CPU pool serves. Each loads lazily on its first batch and stays warm;
 * one model failing to load only fails that model's requests.
 */
export function createCpuBackends(): InferenceBackend[] {
  return [createCocoDetectorBackend(), createTesseractOcrBackend()];
}
