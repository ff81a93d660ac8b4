import { spawnSync } from 'node:child_process';
import { FRAME_SAMPLER_MODEL, sampleInputsSchema, type SampleOutputs } from '@conveyor/nodes';
import type { PoolItem } from '../detector/detector-backend.ts';
import { bundledFfmpegPath } from './ffmpeg-binary.ts';
import { sampleVideo } from './sample-video.ts';
import { VideoError } from './video-error.ts';

export interface FrameSamplerBackendOptions {
  /** Default: the static ffmpeg from @ffmpeg-installer. */
  ffmpegPath?: string;
  version?: string;
  /** Frames are scaled down to fit this many pixels per side. Default 1280. */
  maxSide?: number;
  /** Per video. Default 120 s. */
  timeoutMs?: number;
  /** Decoder threads per ffmpeg run; default 0 (ffmpeg decides). */
  threads?: number;
}

const sampleParamsSchema = sampleInputsSchema.omit({ media: true });

/**
 * Video frame sampling as a pool backend (`task: 'sample'`, `backend: 'ffmpeg'`): each
 * request's video is sampled (interval or scene changes, capped at `maxFrames`), every frame
 * is stored in the request's workspace through `putMedia` (content-addressed, so a re-run
 * stores nothing new) and the result lists the frames with their timestamps. Videos of one
 * batch are sampled one after another: ffmpeg already uses the cores it is given.
 */
export function createFrameSamplerBackend(options: FrameSamplerBackendOptions = {}) {
  let ffmpegPath = options.ffmpegPath;
  return {
    model: FRAME_SAMPLER_MODEL,
    version: options.version ?? '1.0.0',
    task: 'sample' as const,
    backend: 'ffmpeg',
    maxBatch: 4,
    /** Checks that ffmpeg runs here: a missing binary fails the load (retryable), not the videos. */
    async load(): Promise<void> {
      ffmpegPath ??= bundledFfmpegPath();
      const probe = spawnSync(ffmpegPath, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
      if (probe.status !== 0) {
        throw new Error(`ffmpeg at ${ffmpegPath} does not run: ${probe.error?.message ?? probe.stderr.slice(0, 200)}`);
      }
    },
    async run(items: PoolItem[]): Promise<(SampleOutputs | Error)[]> {
      const bin = (ffmpegPath ??= bundledFfmpegPath());
      const results: (SampleOutputs | Error)[] = [];
      for (const item of items) {
        const params = sampleParamsSchema.safeParse(item.params);
        if (!params.success) {
          results.push(new VideoError('bad_input', `Bad sample parameters: ${params.error.message}`));
          continue;
        }
        try {
          const video = await sampleVideo(item.bytes, {
            ffmpegPath: bin,
            ...params.data,
            ...(options.maxSide === undefined ? {} : { maxSide: options.maxSide }),
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
            ...(options.threads === undefined ? {} : { threads: options.threads }),
          });
          const frames: SampleOutputs['frames'] = [];
          for (const frame of video.frames) {
            frames.push({ media: await item.putMedia(frame.bytes, frame.contentType), timestampMs: frame.timestampMs });
          }
          results.push({ frames, ...(video.durationMs === undefined ? {} : { durationMs: video.durationMs }) });
        } catch (error) {
          // A VideoError is the input's fault (permanent); anything else (disk, store) fails the batch.
          if (error instanceof VideoError) results.push(error);
          else throw error;
        }
      }
      return results;
    },
  };
}
