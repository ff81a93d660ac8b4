export {
  DetectorError,
  createHumanDetector,
  type DetectRequest,
  type HumanDetector,
  type HumanDetectorOptions,
} from './human-detector.ts';
export {
  BadInferenceInputError,
  createCocoDetectorBackend,
  type CocoDetectorBackendOptions,
  type PoolItem,
} from './detector-backend.ts';
