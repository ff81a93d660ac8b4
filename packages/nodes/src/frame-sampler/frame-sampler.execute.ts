import { inferEach } from '../detector/vision-inference.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { defineExecutor } from '../sdk/executor.ts';
import { FRAME_SAMPLER_MODEL, type SampleOutputs } from '../sdk/inference-contract.ts';
import type { MediaRef } from '../sdk/port-values.ts';
import { frameSamplerDefinition } from './frame-sampler.definition.ts';

/** Where each frame of a video came from: the `samples` output, one entry per video. */
export interface VideoSamples {
  videoId: string;
  durationMs?: number;
  frames: { mediaId: string; timestampMs: number }[];
}

export function isVideo(media: MediaRef): boolean {
  return media.contentType.toLowerCase().startsWith('video/');
}

/**
 * A video's frames in time order. More frames than asked for, or a frame that is not an
 * image, breaks the contract: downstream model work is sized by `maxFrames`, so the
 * backend's answer is refused rather than quietly cut.
 */
export function framesOf(video: MediaRef, outputs: SampleOutputs, maxFrames: number): MediaRef[] {
  if (outputs.frames.length > maxFrames) {
    throw new NonRetriableError(
      `Frame sampler returned ${outputs.frames.length} frames for video ${video.mediaId}, more than the ${maxFrames} asked for`,
      { code: 'bad_model_output' },
    );
  }
  const notImage = outputs.frames.find((f) => !f.media.contentType.toLowerCase().startsWith('image/'));
  if (notImage !== undefined) {
    throw new NonRetriableError(
      `Frame sampler returned a ${notImage.media.contentType} frame for video ${video.mediaId}; frames must be images`,
      { code: 'bad_model_output' },
    );
  }
  return [...outputs.frames].sort((a, b) => a.timestampMs - b.timestampMs).map((f) => f.media);
}

/**
 * Videos become frames through the `sample` model (ffmpeg in a pool); photos and other
 * media pass through unchanged, so one pipeline serves claims with photos, videos or both.
 * Output keeps input order: each video's frames stand where the video stood.
 */
export const frameSamplerExecutor = defineExecutor(frameSamplerDefinition, async (ctx, inputs) => {
  const { config } = ctx;
  if (inputs.media.length === 0) {
    throw new NonRetriableError('No media to sample: the input list is empty', { code: 'no_media' });
  }
  const videos = inputs.media.filter(isVideo);
  const framesByVideo = new Map<string, MediaRef[]>();
  const samples: VideoSamples[] = [];
  if (videos.length > 0) {
    const results = await inferEach(
      ctx,
      'sample',
      { model: FRAME_SAMPLER_MODEL, version: undefined },
      videos,
      (media) => ({
        media,
        mode: config.mode,
        everyMs: Math.round(config.everySeconds * 1000),
        startMs: Math.round(config.startSeconds * 1000),
        maxFrames: config.maxFrames,
        format: config.format,
        ...(config.mode === 'scene' ? { sceneThreshold: config.sceneThreshold } : {}),
      }),
    );
    for (const r of results) {
      framesByVideo.set(r.media.mediaId, framesOf(r.media, r.outputs, config.maxFrames));
      samples.push({
        videoId: r.media.mediaId,
        ...(r.outputs.durationMs === undefined ? {} : { durationMs: r.outputs.durationMs }),
        frames: [...r.outputs.frames]
          .sort((a, b) => a.timestampMs - b.timestampMs)
          .map((f) => ({ mediaId: f.media.mediaId, timestampMs: f.timestampMs })),
      });
    }
  }
  const frames = inputs.media.flatMap((m) => (isVideo(m) ? (framesByVideo.get(m.mediaId) ?? []) : [m]));
  if (frames.length === 0) {
    throw new NonRetriableError(
      `No frames came out of ${videos.length === 1 ? 'the video' : `${videos.length} videos`}; ` +
        `is the start (${config.startSeconds} s) past the end?`,
      { code: 'no_frames' },
    );
  }
  ctx.logger.info('frames sampled', {
    videos: videos.length,
    passedThrough: inputs.media.length - videos.length,
    frames: frames.length,
  });
  return { outputs: { frames, samples: { videos: samples } } };
});
