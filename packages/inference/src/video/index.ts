/** Video: frame sampling with the bundled ffmpeg, and encoding slideshows for tests and benchmarks. */
export { bundledFfmpegPath } from './ffmpeg-binary.ts';
export { sampleVideo, type SampleVideoOptions, type SampledFrame, type SampledVideo } from './sample-video.ts';
export { createFrameSamplerBackend, type FrameSamplerBackendOptions } from './frame-sampler-backend.ts';
export { encodeVideo, type EncodeVideoOptions, type Slide } from './encode-video.ts';
export { VideoError, type VideoErrorCode } from './video-error.ts';
