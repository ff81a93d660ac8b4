import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../imaging/decode-image.ts';
import { encodePng } from '../imaging/encode-image.ts';
import { createRgbImage } from '../imaging/rgb-image.ts';
import { bundledFfmpegPath } from './ffmpeg-binary.ts';
import { encodeVideo } from './encode-video.ts';
import { sampleVideo, type SampleVideoOptions } from './sample-video.ts';
import { createFrameSamplerBackend } from './frame-sampler-backend.ts';
import type { MediaRef } from '@conveyor/nodes';

// Real ffmpeg (the npm-bundled static build) on videos made here: a 12 s slideshow with
// a cut every 3 s (red, green, blue, grey), 10 fps, 160×120.
const ffmpegPath = bundledFfmpegPath();
const COLOURS = [
  [220, 30, 30],
  [30, 200, 40],
  [30, 40, 220],
  [128, 128, 128],
] as const;
let video: Uint8Array;

beforeAll(async () => {
  video = await encodeVideo(
    COLOURS.map((c) => ({ image: createRgbImage(160, 120, c), seconds: 3 })),
    { fps: 10 },
  );
}, 30_000);

const opts = (o: Partial<SampleVideoOptions> = {}): SampleVideoOptions => ({
  ffmpegPath,
  mode: 'interval',
  everyMs: 1000,
  startMs: 0,
  maxFrames: 100,
  format: 'jpeg',
  ...o,
});

describe('sampleVideo', { timeout: 30_000 }, () => {
  it('takes one frame every N seconds with its timestamp, and describes the video', async () => {
    const out = await sampleVideo(video, opts({ everyMs: 2000 }));
    expect(out).toMatchObject({ codec: 'h264', width: 160, height: 120, durationMs: 12_000 });
    expect(out.container).toContain('mp4');
    expect(out.frames.map((f) => f.timestampMs)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    // Each frame is a real JPEG of the colour on screen at its time.
    const colourAt = (ms: number) => COLOURS[Math.floor(ms / 3000)]!;
    for (const f of out.frames) {
      const img = decodeImage(f.bytes);
      expect([img.width, img.height, f.contentType]).toEqual([160, 120, 'image/jpeg']);
      const centre = (60 * 160 + 80) * 3;
      const expected = colourAt(f.timestampMs);
      for (let c = 0; c < 3; c++) expect(Math.abs(img.rgb[centre + c]! - expected[c]!)).toBeLessThan(20);
    }
  });

  it('caps the frame count, starts late when asked and writes PNG', async () => {
    const out = await sampleVideo(video, opts({ everyMs: 500, startMs: 4000, maxFrames: 3, format: 'png' }));
    expect(out.frames.map((f) => f.timestampMs)).toEqual([4000, 4500, 5000]);
    expect(out.frames.every((f) => f.contentType === 'image/png' && decodeImage(f.bytes).format === 'png')).toBe(true);
    const pastTheEnd = await sampleVideo(video, opts({ startMs: 60_000 }));
    expect(pastTheEnd.frames).toEqual([]);
  });

  it('picks the first frame and each cut in scene mode', async () => {
    const out = await sampleVideo(video, opts({ mode: 'scene', everyMs: 500 }));
    expect(out.frames.map((f) => f.timestampMs)).toEqual([0, 3000, 6000, 9000]);
  });

  it('scales large frames down to fit', async () => {
    const big = await encodeVideo([{ image: createRgbImage(640, 360, [10, 20, 30]), seconds: 1 }], { fps: 5 });
    const out = await sampleVideo(big, opts({ maxSide: 320 }));
    expect(out.frames).toHaveLength(1);
    expect([out.frames[0]!.width, out.frames[0]!.height]).toEqual([320, 180]);
    expect(decodeImage(out.frames[0]!.bytes).width).toBe(320);
  });

  it('refuses empty, garbage, truncated and still-image input with a reason', async () => {
    const reason = (bytes: Uint8Array) =>
      sampleVideo(bytes, opts()).then(
        () => 'sampled',
        (e: { code: string; retryable: boolean; message: string }) => `${e.code}:${e.retryable}`,
      );
    expect(await reason(new Uint8Array())).toBe('empty_media:false');
    expect(await reason(new TextEncoder().encode('this is not a video at all'))).toBe('unsupported_media:false');
    expect(await reason(video.subarray(0, 2000))).toMatch(/^(unsupported_media|corrupt_video):false$/);
    expect(await reason(video.subarray(0, Math.floor(video.length / 2)))).toBe('corrupt_video:false');
    expect(await reason(encodePng(createRgbImage(32, 32)))).toBe('not_a_video:false');
    expect(await reason(wav(8000))).toBe('no_video_stream:false');
    const truncated = await sampleVideo(video.subarray(0, Math.floor(video.length / 2)), opts()).catch((e: Error) => e);
    expect((truncated as Error).message).toBe('The video is truncated: the file ends before its last frame');
  });
});

/** One second of silence as a 16-bit mono WAV: a media file without a video stream. */
function wav(rate: number): Uint8Array {
  const data = rate * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return new Uint8Array(b);
}

describe('frame sampler backend', { timeout: 30_000 }, () => {
  it('stores every frame as media and answers per item, failing only the bad one', async () => {
    const backend = createFrameSamplerBackend();
    await backend.load();
    const stored: { bytes: Uint8Array; type: string }[] = [];
    const item = (bytes: Uint8Array, params: Record<string, unknown>) => ({
      bytes,
      params,
      putMedia: async (b: Uint8Array, type: string): Promise<MediaRef> => {
        stored.push({ bytes: b, type });
        return { mediaId: `f${stored.length}`, sha256: 'a'.repeat(64), contentType: type, size: b.length };
      },
    });
    const params = { mode: 'interval', everyMs: 3000, startMs: 0, maxFrames: 10, format: 'jpeg' };
    const [good, bad, badParams] = await backend.run([
      item(video, params),
      item(new TextEncoder().encode('garbage'), params),
      item(video, { ...params, everyMs: -1 }),
    ]);
    expect(good).toEqual({
      durationMs: 12_000,
      frames: [0, 3000, 6000, 9000].map((t, i) => ({
        media: expect.objectContaining({ mediaId: `f${i + 1}`, contentType: 'image/jpeg' }),
        timestampMs: t,
      })),
    });
    expect(stored).toHaveLength(4);
    expect(bad).toMatchObject({ code: 'unsupported_media', retryable: false });
    expect(badParams).toMatchObject({ code: 'bad_input' });
  });

  it('fails its load, not the videos, when ffmpeg is missing', async () => {
    const backend = createFrameSamplerBackend({ ffmpegPath: '/nonexistent/ffmpeg' });
    await expect(backend.load()).rejects.toThrow(/does not run/);
  });
});
