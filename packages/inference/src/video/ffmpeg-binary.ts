import { createRequire } from 'node:module';

/**
 * The static ffmpeg that ships inside the @ffmpeg-installer npm packages (GPL build), so a
 * fresh clone needs nothing but the package manager. Throws a readable error on a platform
 * the package has no binary for.
 */
export function bundledFfmpegPath(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (error) {
    // The package throws plain strings.
    throw new Error(`No bundled ffmpeg for this platform: ${String(error)}`, { cause: error });
  }
}
