/**
 * What ffmpeg's log (stderr at `-loglevel info`) says about the input and the frames it
 * wrote. ffprobe does not ship with @ffmpeg-installer, so one ffmpeg run both samples and
 * describes the video; this is the parser for that description.
 */

export interface FfmpegInputInfo {
  /** Demuxer names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`; undefined when ffmpeg could not open the input. */
  container: string | undefined;
  durationMs: number | undefined;
  /** The first video stream of the input, when there is one. */
  video: { codec: string; width: number; height: number } | undefined;
}

export interface FfmpegFrameInfo {
  /** Seconds from the start of the decoded range (the seek point when seeking). */
  ptsTime: number;
  width: number | undefined;
  height: number | undefined;
}

/** Demuxers that read still images: ffmpeg opens a photo as a one-frame "video". */
const STILL_IMAGE_DEMUXERS = /(^|,)(image2|\w+_pipe|png|mjpeg|webp|bmp|tiff)(,|$)/;

export function isStillImageContainer(container: string): boolean {
  return STILL_IMAGE_DEMUXERS.test(container) && !container.includes('gif');
}

export function parseInputInfo(log: string): FfmpegInputInfo {
  // Only the input section: the output section lists the encoder's streams.
  const inputSection = log.split(/\nOutput #0|\nStream mapping:/)[0] ?? '';
  const container = /Input #0, ([^\n]+?), from /.exec(inputSection)?.[1];
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(inputSection);
  const durationMs = d ? Math.round((Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3])) * 1000) : undefined;
  const v = /Stream #0:\d+[^\n]*?: Video: (\w+)[^\n]*?, (\d{1,5})x(\d{1,5})/.exec(inputSection);
  return {
    container,
    durationMs,
    video: v ? { codec: v[1]!, width: Number(v[2]), height: Number(v[3]) } : undefined,
  };
}

/** One entry per frame that reached the `showinfo` filter, in output order. */
export function parseShowinfo(log: string): FfmpegFrameInfo[] {
  const frames: FfmpegFrameInfo[] = [];
  for (const m of log.matchAll(/Parsed_showinfo[^\n]*? n: *\d+ pts: *-?\d+ pts_time:(-?[\d.e+-]+)[^\n]*/g)) {
    const size = / s:(\d+)x(\d+)/.exec(m[0]);
    frames.push({
      ptsTime: Number(m[1]),
      width: size ? Number(size[1]) : undefined,
      height: size ? Number(size[2]) : undefined,
    });
  }
  return frames;
}

/** The last lines of the log that say what went wrong (no banner, no per-frame chatter). */
export function ffmpegErrorSummary(log: string): string {
  const lines = log
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.includes('Parsed_showinfo') && !/^(frame=|Press \[q\]|\[q\])/.test(l));
  return lines.slice(-2).join(' / ').slice(0, 300);
}
