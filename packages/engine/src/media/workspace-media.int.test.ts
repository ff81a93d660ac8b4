import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { LocalMediaStore } from './local-media-store.ts';
import { createWorkspaceMedia } from './workspace-media.ts';
import { makeJpeg, makePng } from './media-fixtures.test-support.ts';

let t: TestDatabase;
let root: string;
let store: LocalMediaStore;
beforeAll(async () => {
  t = await createTestDatabase();
  root = await mkdtemp(path.join(os.tmpdir(), 'ws-media-'));
  await chmod(root, 0o755);
  store = new LocalMediaStore(root);
});
afterAll(async () => {
  await t?.drop();
  await rm(root, { recursive: true, force: true });
});

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(e.name);
  return out;
}

describe('workspace media (ctx.media)', () => {
  it('records the sniffed type and size, and dedupes the same bytes', async () => {
    const ws = await createWorkspace(t.db);
    const media = createWorkspaceMedia({ db: t.db, store, workspaceId: ws.id, maxBytes: 1_000_000 });
    const png = makePng(32, 20);
    // Labelled as JPEG by the caller: the bytes say PNG, and PNG is what is recorded.
    const a = await media.put(png, { contentType: 'image/jpeg', filename: 'claim.jpg' });
    expect(a).toMatchObject({ contentType: 'image/png', size: png.length, width: 32, height: 20 });
    const b = await media.put(png, { contentType: 'image/png' });
    expect(b.mediaId).toBe(a.mediaId);
    expect(Buffer.from(await media.get(a)).equals(png)).toBe(true);
    expect(await media.stat(a)).toMatchObject({ mediaId: a.mediaId, contentType: 'image/png', size: png.length });
  });

  it('keeps references inside their workspace', async () => {
    const mine = await createWorkspace(t.db);
    const other = await createWorkspace(t.db);
    const ref = await createWorkspaceMedia({ db: t.db, store, workspaceId: mine.id, maxBytes: 1e6 }).put(
      makeJpeg(8, 8),
      { contentType: 'image/jpeg' },
    );
    const theirs = createWorkspaceMedia({ db: t.db, store, workspaceId: other.id, maxBytes: 1e6 });
    expect(await theirs.stat(ref)).toBeNull();
    await expect(theirs.get(ref)).rejects.toThrow(/not in this workspace/);
  });

  it('refuses corrupt, empty and oversize media without retry and leaves no bytes behind', async () => {
    const ws = await createWorkspace(t.db);
    const media = createWorkspaceMedia({ db: t.db, store, workspaceId: ws.id, maxBytes: 1000 });
    const before = await files(root);
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    await expect(media.put(corrupt, { contentType: 'image/jpeg' })).rejects.toMatchObject({
      code: 'unsupported_media',
      retryable: false,
    });
    await expect(media.put(new Uint8Array(), { contentType: 'image/png' })).rejects.toMatchObject({
      code: 'unsupported_media',
    });
    await expect(media.put(Buffer.from('just text, not an image'), { contentType: 'image/png' })).rejects.toMatchObject(
      { code: 'unsupported_media' },
    );
    await expect(media.put(makePng(200, 200), { contentType: 'image/png' })).rejects.toMatchObject({
      code: 'media_too_large',
      retryable: false,
    });
    expect((await files(root)).sort()).toEqual(before.sort());
    expect(await t.db.prisma.mediaObject.count({ where: { workspaceId: ws.id } })).toBe(0);
  });
});
