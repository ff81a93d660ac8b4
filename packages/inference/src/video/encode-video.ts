import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertRgbImage, type RgbImage } from '../imaging/rgb-image.ts';
import { bundledFfmpegPath } from './ffmpeg-binary.ts';

export interface Slide {
  image: RgbImage;
  /** How long the image stays on screen. */
  seconds: number;
}

export interface EncodeVideoOptions {
  /** Frames per second of the output. Default 10. */
  fps?: number;
  ffmpegPath?: string;
}

/**
 * Encodes still images shown one after another (a slideshow) as an H.264 MP4, the shape of
 * a phone video of a product. Tests and benchmarks make their claim videos with it (from
 * generated defect surfaces and photos) instead of committing video files. All slides must
 * have the same size; odd sizes are padded by one pixel (H.264 in yuv420p needs even sizes).
 */
export async function encodeVideo(slides: readonly Slide[], o: EncodeVideoOptions = {}): Promise<Uint8Array> {
  if (slides.length === 0) throw new RangeError('encodeVideo needs at least one slide');
  const { width, height } = slides[0]!.image;
  for (const [i, s] of slides.entries()) {
    assertRgbImage(s.image, `slides[${i}]`);
    if (s.image.width !== width || s.image.height !== height) {
      throw new RangeError(`slides[${i}] is ${s.image.width}×${s.image.height}, not ${width}×${height}`);
    }
  }
  const fps = o.fps ?? 10;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-encode-'));
  const output = path.join(dir, 'video.mp4');
  try {
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      '-vf',
      'pad=ceil(iw/2)*2:ceil(ih/2)*2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      output,
    ];
    const child = spawn(o.ffmpegPath ?? bundledFfmpegPath(), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const done = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    child.stdin.on('error', () => {}); // a failing ffmpeg closes its stdin; `done` reports why
    for (const slide of slides) {
      const count = Math.max(1, Math.round(slide.seconds * fps));
      for (let i = 0; i < count; i++) {
        if (!child.stdin.write(slide.image.rgb)) await new Promise((r) => child.stdin.once('drain', r));
      }
    }
    child.stdin.end();
    const code = await done;
    if (code !== 0) throw new Error(`ffmpeg could not encode the video (exit ${code}): ${log.trim().slice(-300)}`);
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
