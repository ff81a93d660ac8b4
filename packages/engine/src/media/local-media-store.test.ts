import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, MediaNotFoundError, MediaTooLargeError } from './errors.ts';
import { LocalMediaStore } from './local-media-store.ts';

let root: string;
let store: LocalMediaStore;
const MiB = 1024 * 1024;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'conveyor-media-'));
  store = new LocalMediaStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under root, relative, so tests can say exactly what is left on disk. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

async function* chunks(count: number, size: number, pauseMs = 0): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i += 1) {
    if (pauseMs) await sleep(pauseMs);
    yield Buffer.alloc(size, i % 251);
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

describe('LocalMediaStore.put', () => {
  it('stores bytes under their sha256 and gives them back every way', async () => {
    const bytes = Buffer.from('warranty claim photo bytes');
    const stored = await store.put(bytes, { maxBytes: MiB });
    const digest = sha256(bytes);
    expect(stored).toEqual({
      sha256: digest,
      size: bytes.byteLength,
      storageKey: `sha256/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`,
      created: true,
    });
    expect(await store.read(stored.storageKey)).toEqual(bytes);
    expect(await collect(await store.get(stored.storageKey))).toEqual(bytes);
    expect(await store.stat(stored.storageKey)).toEqual({
      sha256: digest,
      size: bytes.byteLength,
      storageKey: stored.storageKey,
    });
    expect(await filesOnDisk()).toEqual([path.join(...stored.storageKey.split('/'))]);
  });

  it('treats a second put of the same bytes as a no-op', async () => {
    const bytes = Buffer.from('same bytes');
    const first = await store.put(bytes, { maxBytes: MiB });
    const second = await store.put(Readable.from([bytes]), { maxBytes: MiB });
    expect(second).toEqual({ ...first, created: false });
    expect(await filesOnDisk()).toHaveLength(1);
  });

  it('accepts Node streams, web streams and async iterables alike', async () => {
    const expected = await collect(Readable.from(chunks(8, 1000)));
    const fromNode = await store.put(Readable.from(chunks(8, 1000)), { maxBytes: MiB });
    const fromWeb = await store.put(ReadableStream.from(chunks(8, 1000)), { maxBytes: MiB });
    const fromIterable = await store.put(chunks(8, 1000), { maxBytes: MiB });
    for (const stored of [fromNode, fromWeb, fromIterable]) {
      expect(stored).toMatchObject({ sha256: sha256(expected), size: 8000 });
    }
    expect(await store.read(fromNode.storageKey)).toEqual(expected);
  });

  it('accepts exactly maxBytes', async () => {
    await expect(store.put(chunks(4, 256), { maxBytes: 1024 })).resolves.toMatchObject({ size: 1024 });
  });

  it('fails an oversize stream loudly, stops reading it and leaves nothing behind', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(64 * 1024, 7);
      }
    }
    const error = await store.put(endless(), { maxBytes: MiB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaTooLargeError);
    expect(error).toMatchObject({ maxBytes: MiB, code: 'media_too_large' });
    expect((error as MediaTooLargeError).receivedBytes).toBeGreaterThan(MiB);
    expect(pulled).toBeLessThan(40); // 1 MiB is 16 chunks; a little read-ahead, not the whole stream
    expect(await filesOnDisk()).toEqual([]);
  });

  it('refuses an oversize buffer without writing', async () => {
    await expect(store.put(Buffer.alloc(2048), { maxBytes: 1024 })).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('removes the temp file when the source fails half way', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(1000, 1);
      throw new Error('upload connection reset');
    }
    await expect(store.put(failing(), { maxBytes: MiB })).rejects.toThrow('upload connection reset');
    expect(await filesOnDisk()).toEqual([]);
  });

  it('stores concurrent puts of the same content once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.put(Readable.from(chunks(20, 4096, i % 3)), { maxBytes: MiB })),
    );
    expect(new Set(results.map((r) => r.storageKey)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const expected = await collect(Readable.from(chunks(20, 4096)));
    expect(await store.read(results[0]!.storageKey)).toEqual(expected);
    expect(await filesOnDisk()).toHaveLength(1);
  });

  it('stores different contents side by side', async () => {
    const [a, b] = await Promise.all([
      store.put(Buffer.from('a'), { maxBytes: 10 }),
      store.put(Buffer.from('b'), { maxBytes: 10 }),
    ]);
    expect(a.storageKey).not.toBe(b.storageKey);
    expect(await filesOnDisk()).toHaveLength(2);
  });
});

describe('LocalMediaStore reads and deletes', () => {
  const missing = `sha256/00/00/00${'0'.repeat(62)}`;

  it('reports missing media as MediaNotFoundError or null', async () => {
    await expect(store.read(missing)).rejects.toBeInstanceOf(MediaNotFoundError);
    await expect(store.get(missing)).rejects.toMatchObject({ code: 'media_not_found', storageKey: missing });
    expect(await store.stat(missing)).toBeNull();
    expect(await store.delete(missing)).toBe(false);
  });

  it('deletes stored media', async () => {
    const stored = await store.put(Buffer.from('to be deleted'), { maxBytes: 100 });
    expect(await store.delete(stored.storageKey)).toBe(true);
    expect(await store.stat(stored.storageKey)).toBeNull();
    // Putting it again after a delete stores it anew.
    expect(await store.put(Buffer.from('to be deleted'), { maxBytes: 100 })).toMatchObject({ created: true });
  });

  it('refuses keys that would leave the root', async () => {
    await writeFile(path.join(root, 'outside.txt'), 'secret');
    for (const key of ['../outside.txt', 'sha256/../../outside.txt', 'outside.txt']) {
      await expect(store.read(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
  });
});

describe('LocalMediaStore.sweepTemporaryFiles', () => {
  it('removes temp files left by a crash, but not ones of puts in flight', async () => {
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    const stale = path.join(root, 'tmp', 'stale.part');
    const fresh = path.join(root, 'tmp', 'fresh.part');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'writing');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    expect(await store.sweepTemporaryFiles()).toBe(1);
    expect(await filesOnDisk()).toEqual([path.join('tmp', 'fresh.part')]);
  });

  it('is fine with no temp directory at all', async () => {
    expect(await store.sweepTemporaryFiles()).toBe(0);
  });
});
