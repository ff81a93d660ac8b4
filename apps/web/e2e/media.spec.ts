import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDb } from '@conveyor/db';
import { LocalMediaStore, createWorkspaceMedia } from '@conveyor/engine/server';
import { expect, test } from './support/fixtures';

const FIXTURES = path.resolve(import.meta.dirname, '../../../packages/inference/fixtures/images');

test('media are served to members only, with type, ETag, ranges and private caching', async ({
  page,
  browser,
  signIn,
  state,
}) => {
  const db = createDb({ url: state.databaseUrl, max: 1 });
  const store = new LocalMediaStore(path.join(state.dataDir, 'media'));
  const bytes = await readFile(path.join(FIXTURES, 'coffee.jpg'));
  const put = (workspaceId: string, data: Buffer, filename: string) =>
    createWorkspaceMedia({ db, store, workspaceId, maxBytes: 10_000_000 }).put(data, {
      filename,
      contentType: 'image/jpeg',
    });
  const ours = await put(state.demoWorkspace.id, bytes, 'claim photo.jpg');
  const theirs = await put(state.otherWorkspace.id, await readFile(path.join(FIXTURES, 'astronaut.jpg')), 'x.jpg');
  await db.close();

  await signIn('viewer');
  const res = await page.request.get(`/api/media/${ours.mediaId}`);
  expect(res.status()).toBe(200);
  const h = res.headers();
  expect(h['content-type']).toBe('image/jpeg');
  expect(h.etag).toBe(`"${ours.sha256}"`);
  expect(h['cache-control']).toContain('private');
  expect(h['accept-ranges']).toBe('bytes');
  expect(h['content-disposition']).toContain("filename*=UTF-8''claim%20photo.jpg");
  expect(Buffer.from(await res.body()).equals(bytes)).toBe(true);

  const cached = await page.request.get(`/api/media/${ours.mediaId}`, { headers: { 'If-None-Match': h.etag! } });
  expect(cached.status()).toBe(304);

  const head = await page.request.get(`/api/media/${ours.mediaId}`, { headers: { Range: 'bytes=100-199' } });
  expect(head.status()).toBe(206);
  expect(head.headers()['content-range']).toBe(`bytes 100-199/${bytes.length}`);
  expect(Buffer.from(await head.body()).equals(bytes.subarray(100, 200))).toBe(true);
  const tail = await page.request.get(`/api/media/${ours.mediaId}`, { headers: { Range: 'bytes=-10' } });
  expect(Buffer.from(await tail.body()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
  const beyond = await page.request.get(`/api/media/${ours.mediaId}`, {
    headers: { Range: `bytes=${bytes.length + 5}-` },
  });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()['content-range']).toBe(`bytes */${bytes.length}`);

  // Another workspace's media, an unknown id and a malformed one all look the same.
  for (const id of [theirs.mediaId, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const r = await page.request.get(`/api/media/${id}`);
    expect(r.status(), id).toBe(404);
  }

  // Shown in the page as an image, like evidence in the inbox.
  await page.goto('/w/demo/settings/members');
  const width = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return img.naturalWidth;
  }, `/api/media/${ours.mediaId}`);
  expect(width).toBeGreaterThan(0);

  const anonymous = await browser.newContext();
  const denied = await anonymous.request.get(`${state.baseUrl}/api/media/${ours.mediaId}`);
  expect(denied.status()).toBe(401);
  await anonymous.close();
});
