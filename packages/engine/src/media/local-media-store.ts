import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaNotFoundError, MediaTooLargeError } from './errors.ts';
import { createHashingLimiter, toReadable } from './hashing-limiter.ts';
import type { MediaSource, MediaStat, MediaStore, PutMediaOptions, StoredMedia } from './media-store.ts';
import { sha256OfKey, storageKeyFor } from './storage-key.ts';

const TEMP_DIR = 'tmp';

function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.includes(String(error.code));
}

/**
 * Media on the local disk under `rootDir` (the default store; one machine, or a shared
 * volume). Writes go to `rootDir/tmp/<uuid>.part` — on the same filesystem, so the final
 * step is atomic — are flushed to disk, and are then hard-linked into place: a link fails
 * when the key exists, so a second put of the same bytes is a no-op and a reader never
 * sees a half-written file. A key that exists is therefore always complete, which matters
 * because a content-addressed store never writes it again.
 */
export class LocalMediaStore implements MediaStore {
  constructor(readonly rootDir: string) {}

  private pathOf(storageKey: string): string {
    sha256OfKey(storageKey); // validates: no key can escape rootDir
    return path.join(this.rootDir, ...storageKey.split('/'));
  }

  async put(source: MediaSource, { maxBytes }: PutMediaOptions): Promise<StoredMedia> {
    if (source instanceof Uint8Array && source.byteLength > maxBytes) {
      throw new MediaTooLargeError(maxBytes, source.byteLength);
    }
    const tempDir = path.join(this.rootDir, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const tempPath = path.join(tempDir, `${randomUUID()}.part`);
    const limiter = createHashingLimiter(maxBytes);
    try {
      await pipeline(toReadable(source), limiter, createWriteStream(tempPath, { flags: 'wx', flush: true }));
      const { sha256, size } = limiter.digest();
      const storageKey = storageKeyFor(sha256);
      const finalPath = this.pathOf(storageKey);
      await mkdir(path.dirname(finalPath), { recursive: true });
      const created = await this.linkIntoPlace(tempPath, finalPath, size);
      return { sha256, size, storageKey, created };
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  /** True when this call created the key; false when identical bytes were already there. */
  private async linkIntoPlace(tempPath: string, finalPath: string, size: number): Promise<boolean> {
    try {
      await link(tempPath, finalPath);
    } catch (error) {
      if (isCode(error, 'EEXIST')) {
        const existing = await stat(finalPath);
        if (existing.size === size) return false;
        // Same hash, different size: the file was damaged outside our control. Replace it.
        await rename(tempPath, finalPath);
        return true;
      }
      if (!isCode(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) throw error;
      // Filesystems without hard links: rename (atomic, but replaces an identical file).
      const existed = await stat(finalPath).then(
        () => true,
        () => false,
      );
      await rename(tempPath, finalPath);
      return !existed;
    }
    await fsyncDir(path.dirname(finalPath));
    return true;
  }

  async get(storageKey: string): Promise<Readable> {
    const filePath = this.pathOf(storageKey);
    // Open first so a missing key rejects here rather than as a later stream error.
    const handle = await open(filePath, 'r').catch((error: unknown) => {
      throw isCode(error, 'ENOENT') ? new MediaNotFoundError(storageKey) : error;
    });
    return createReadStream(filePath, { fd: handle, autoClose: true });
  }

  async read(storageKey: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(storageKey));
    } catch (error) {
      throw isCode(error, 'ENOENT') ? new MediaNotFoundError(storageKey) : error;
    }
  }

  async stat(storageKey: string): Promise<MediaStat | null> {
    const sha256 = sha256OfKey(storageKey);
    try {
      const info = await stat(this.pathOf(storageKey));
      return { sha256, size: info.size, storageKey };
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async delete(storageKey: string): Promise<boolean> {
    const filePath = this.pathOf(storageKey);
    try {
      await rm(filePath);
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /**
   * Removes temp files left by a crash mid-put (a finished or failed put removes its
   * own). Older than `olderThanMs` so puts in flight are left alone. Returns the count.
   */
  async sweepTemporaryFiles(olderThanMs = 60 * 60_000, now = Date.now()): Promise<number> {
    const tempDir = path.join(this.rootDir, TEMP_DIR);
    const names = await readdir(tempDir).catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    });
    let removed = 0;
    for (const name of names) {
      const filePath = path.join(tempDir, name);
      const info = await stat(filePath).catch(() => undefined);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(filePath, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

/** The new directory entry must survive a power cut too, not only the file's bytes. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
