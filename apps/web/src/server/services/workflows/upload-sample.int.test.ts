import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createUser, createWorkspace } from '@conveyor/db/factories';
import { LocalMediaStore, createWorkspaceMedia } from '@conveyor/engine/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { DEMO_SAMPLES } from './demo-samples.ts';
import { uploadSample } from './upload-sample.ts';

let t: TestDatabase;
let root: string;
let workspaceId: string;
let editorId: string;
let reviewerId: string;
let strangerId: string;
let media: (workspaceId: string) => ReturnType<typeof createWorkspaceMedia>;

beforeAll(async () => {
  t = await createTestDatabase();
  root = await mkdtemp(path.join(os.tmpdir(), 'uploads-'));
  const store = new LocalMediaStore(root);
  media = (id) => createWorkspaceMedia({ db: t.db, store, workspaceId: id, maxBytes: 40_000 });
  workspaceId = (await createWorkspace(t.db)).id;
  editorId = (await createMember(t.db, workspaceId, 'editor')).id;
  reviewerId = (await createMember(t.db, workspaceId, 'reviewer')).id;
  strangerId = (await createUser(t.db)).id;
});
afterAll(async () => {
  await t?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});

const jpeg = new Uint8Array(Buffer.from(DEMO_SAMPLES[0]!.files[0]!.base64, 'base64'));
const stream = (bytes: Uint8Array, chunk = 1000) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.subarray(i, i + chunk));
      controller.close();
    },
  });

function upload(userId: string, body: Uint8Array | null, o: { declared?: number | null; type?: string } = {}) {
  return uploadSample({
    db: t.db,
    userId,
    workspaceId,
    body: body ? stream(body) : null,
    declaredLength: o.declared === undefined ? (body?.length ?? null) : o.declared,
    contentType: o.type ?? 'image/jpeg',
    filename: 'claim.jpg',
    maxBytes: 40_000,
    media,
  });
}

describe('uploadSample', () => {
  it('streams a photo into the workspace store, sniffing its type, and records where it came from', async () => {
    const result = await upload(editorId, jpeg, { type: 'application/octet-stream' });
    expect(result).toMatchObject({
      ok: true,
      media: { contentType: 'image/jpeg', size: jpeg.length, width: 480, filename: 'claim.jpg' },
    });
    if (!result.ok) return;
    const row = await t.db.prisma.mediaObject.findUnique({ where: { id: result.media.mediaId } });
    expect(row).toMatchObject({
      workspaceId,
      originalName: 'claim.jpg',
      source: { kind: 'upload', purpose: 'test-run' },
    });
  });

  it('refuses oversize bodies (declared or streamed), non-media, and callers who may not run', async () => {
    const big = new Uint8Array(50_000);
    big.set(jpeg.subarray(0, 100));
    expect(await upload(editorId, big)).toMatchObject({ ok: false, status: 413 });
    // A client that lies about the length is stopped while streaming.
    expect(await upload(editorId, big, { declared: null })).toMatchObject({ ok: false, status: 413 });
    expect(await upload(editorId, new TextEncoder().encode('just some text, not a photo'))).toMatchObject({
      ok: false,
      status: 415,
    });
    expect(await upload(editorId, null)).toMatchObject({ ok: false, status: 400 });
    expect(await upload(reviewerId, jpeg)).toMatchObject({ ok: false, status: 403 });
    expect(await upload(strangerId, jpeg)).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.prisma.mediaObject.count({ where: { workspaceId } })).toBe(1);
  });
});
