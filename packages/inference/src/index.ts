/**
 * Model inference: the registry, the batching pool worker and the `ctx.infer` client.
 * Each pool is one pg-boss queue; a request names a model, the registry names its pool.
 */
export { POOL_QUEUE_PREFIX, poolQueueName } from './pool-queue.ts';
export { POOL_HEARTBEAT_SECONDS, startPoolWorker, type PoolWorkerOptions } from './pool/pool-worker.ts';
export { createInferClient, type InferClientOptions } from './pool/infer-client.ts';
export { modelKey, type InferenceBackend, type BackendItem } from './pool/backend.ts';
export { RESULT_CHANNEL, type InferenceJob, type InferenceOutcome } from './pool/protocol.ts';
export { PoolStats } from './pool/pool-stats.ts';
export {
  PoolConfigError,
  createPoolBackends,
  loadPoolConfig,
  poolSettingsSchema,
  type PoolConfig,
  type PoolSettings,
} from './pool/pool-config.ts';
export {
  createModelRegistry,
  compareSemver,
  type ModelRegistry,
  type ResolvedModel,
} from './registry/model-registry.ts';
export { DEFAULT_MODELS, type DefaultModel } from './registry/default-models.ts';
export {
  ImageDecodeError,
  decodeImage,
  encodePng,
  cropImage,
  resizeImage,
  type RgbImage,
  type DecodedImage,
} from './imaging/index.ts';
export { DetectorError, createHumanDetector, createCocoDetectorBackend, type HumanDetector } from './detector/index.ts';
export {
  OcrError,
  createTesseractOcr,
  createTesseractOcrBackend,
  locateSerial,
  type TesseractOcr,
} from './ocr/index.ts';
export { createCpuBackends } from './cpu-backends.ts';
export {
  VideoError,
  bundledFfmpegPath,
  createFrameSamplerBackend,
  encodeVideo,
  sampleVideo,
  type Slide,
  type SampledVideo,
} from './video/index.ts';
export {
  DEFECT_CLASSES,
  DEFECT_CLASSIFIER_MODEL_DIR,
  ModelLoadError,
  OnnxImageClassifier,
  createDefectClassifierBackend,
  generateDataset,
  generateSample,
  type DefectClass,
  type SyntheticImage,
} from './classifier/index.ts';
export {
  createOipClassifierBackend,
  createOipClient,
  decodeTensor,
  encodeTensor,
  type OipClient,
  type OipClientOptions,
} from './oip/index.ts';
