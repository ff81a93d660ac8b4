/**
 * The project's own defect classifier: synthetic training images, the ONNX backend and its
 * pool adapter. Training lives in packages/inference/training (see its README).
 */
export { DEFECT_CLASSES, MATERIALS, Rng, generateDataset, generateSample } from './synthetic.ts';
export type { DefectClass, Material, SyntheticImage, SyntheticOptions } from './synthetic.ts';
export { resizeRgb, type Region } from './resize.ts';
export {
  DEFECT_CLASSIFIER_MODEL_DIR,
  ModelLoadError,
  OnnxImageClassifier,
  classifierManifestSchema,
  type ClassifierInput,
  type ClassifierManifest,
  type ClassifierOutput,
  type OnnxClassifierOptions,
} from './onnx-classifier.ts';
export { createDefectClassifierBackend, type DefectClassifierBackendOptions } from './defect-classifier-backend.ts';
