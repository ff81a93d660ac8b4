import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegErrorSummary, isStillImageContainer, parseInputInfo, parseShowinfo } from './ffmpeg-log.ts';
import { VideoError } from './video-error.ts';

export interface SampleVideoOptions {
  ffmpegPath: string;
  /** `interval`: a frame every `everyMs`; `scene`: first frame + scene changes at least `everyMs` apart. */
  mode: 'interval' | 'scene';
  everyMs: number;
  startMs: number;
  maxFrames: number;
  format: 'jpeg' | 'png';
  /** Scene-change score (0..1) that counts as a cut. Default 0.3. */
  sceneThreshold?: number;
  /** Frames larger than this (either side) are scaled down to fit, keeping the aspect. Default 1280. */
  maxSide?: number;
  /** ffmpeg is killed after this long. Default 120 s. */
  timeoutMs?: number;
  /** Decoder threads per ffmpeg (0 = ffmpeg decides). The pool process is the unit of parallelism. */
  threads?: number;
  signal?: AbortSignal;
}

export interface SampledFrame {
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png';
  timestampMs: number;
  width: number | undefined;
  height: number | undefined;
}

export interface SampledVideo {
  container: string;
  codec: string;
  width: number;
  height: number;
  durationMs: number | undefined;
  frames: SampledFrame[];
}

/**
 * Samples still frames from a video with one ffmpeg run: `select` picks the frames (fixed
 * interval, or scene changes), `showinfo` reports each picked frame's timestamp, the frames
 * land as JPEG/PNG files in a private temp folder, and ffmpeg's own description of the input
 * tells a photo, an audio file or garbage apart from a video. The input goes through a file,
 * not a pipe: MP4/MOV often keep their index at the end and need seeking.
 *
 * Throws VideoError (non-retryable, with a code) for input that is not a usable video.
 */
export async function sampleVideo(bytes: Uint8Array, o: SampleVideoOptions): Promise<SampledVideo> {
  if (bytes.length === 0) throw new VideoError('empty_media', 'The video is empty (0 bytes)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conveyor-frames-'));
  try {
    const input = path.join(dir, 'input');
    await writeFile(input, bytes);
    const ext = o.format === 'png' ? 'png' : 'jpg';
    const args = buildArgs(input, path.join(dir, `frame-%05d.${ext}`), o);
    const { code, log, timedOut } = await runFfmpeg(o.ffmpegPath, args, o.timeoutMs ?? 120_000, o.signal);
    if (timedOut) {
      throw new VideoError(
        'video_timeout',
        `Sampling took longer than ${o.timeoutMs ?? 120_000} ms; ffmpeg was stopped`,
      );
    }
    const info = parseInputInfo(log);
    if (info.container === undefined) {
      throw new VideoError('unsupported_media', `Not a video ffmpeg can read: ${ffmpegErrorSummary(log)}`);
    }
    if (isStillImageContainer(info.container)) {
      throw new VideoError('not_a_video', `This is a still image (${info.container}), not a video`);
    }
    if (info.video === undefined) {
      throw new VideoError('no_video_stream', `The file (${info.container}) has no video stream`);
    }
    if (/: partial file\b/.test(log)) {
      // ffmpeg samples what it can of a cut-off upload and exits 0; a claim needs the whole video.
      throw new VideoError('corrupt_video', 'The video is truncated: the file ends before its last frame');
    }
    if (code !== 0) {
      throw new VideoError('corrupt_video', `The video could not be decoded: ${ffmpegErrorSummary(log)}`);
    }
    const shown = parseShowinfo(log);
    const files = (await readdir(dir)).filter((f) => f.startsWith('frame-')).sort();
    if (files.length !== shown.length) {
      throw new Error(`ffmpeg wrote ${files.length} frames but reported ${shown.length}`);
    }
    const frames: SampledFrame[] = [];
    for (const [i, file] of files.entries()) {
      frames.push({
        bytes: new Uint8Array(await readFile(path.join(dir, file))),
        contentType: o.format === 'png' ? 'image/png' : 'image/jpeg',
        timestampMs: Math.max(0, Math.round(o.startMs + shown[i]!.ptsTime * 1000)),
        width: shown[i]!.width,
        height: shown[i]!.height,
      });
    }
    return { container: info.container, ...info.video, durationMs: info.durationMs, frames };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function buildArgs(input: string, output: string, o: SampleVideoOptions): string[] {
  const every = (o.everyMs / 1000).toFixed(3);
  // `prev_selected_t` is NaN until a frame was picked: the first decoded frame always is.
  const select =
    o.mode === 'scene'
      ? `isnan(prev_selected_t)+gt(scene\\,${o.sceneThreshold ?? 0.3})*gte(t-prev_selected_t\\,${every})`
      : `isnan(prev_selected_t)+gte(t-prev_selected_t\\,${every})`;
  const side = o.maxSide ?? 1280;
  const scale = `scale=w='min(iw\\,${side})':h='min(ih\\,${side})':force_original_aspect_ratio=decrease`;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'info',
    '-threads',
    String(o.threads ?? 0),
    ...(o.startMs > 0 ? ['-ss', (o.startMs / 1000).toFixed(3)] : []),
    '-i',
    input,
    '-map',
    '0:v:0?',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `select='${select}',${scale},showinfo`,
    '-vsync',
    'vfr',
    '-frames:v',
    String(o.maxFrames),
    ...(o.format === 'jpeg' ? ['-q:v', '3'] : []),
    output,
  ];
}

function runFfmpeg(
  bin: string,
  args: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ code: number | null; log: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stderr.on('data', (c: Buffer) => {
      // showinfo writes one line per picked frame; keep the log bounded all the same.
      if (size < 8_000_000) chunks.push(c);
      size += c.length;
    });
    let timedOut = false;
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Cannot run ffmpeg (${bin}): ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      resolve({ code, log: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}
