import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '../problem.ts';
import { startRestHarness, type RestHarness } from '../__tests__/rest-harness.ts';
import { PNG_1X1, webhookCorpus, type CorpusEnv } from './webhook-corpus.ts';
import { sendRaw } from './send-raw.ts';

let h: RestHarness;
let media: Server;
let env: CorpusEnv;

beforeAll(async () => {
  // The media server the URL cases fetch from; reachable only by the allow-listed name.
  media = createServer((req, res) => {
    if (req.url?.startsWith('/photo.png')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
    if (req.url === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    if (req.url === '/redirect-to-loopback') {
      const { port } = media.address() as AddressInfo;
      return void res.writeHead(302, { location: `http://127.0.0.1:${port}/photo.png` }).end();
    }
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', r));
  const mediaPort = (media.address() as AddressInfo).port;

  h = await startRestHarness({
    limits: { maxMediaBytes: 64 * 1024, bodyIdleTimeoutMs: 800 },
    fetch: {
      allowHosts: ['media.test'],
      timeoutMs: 3000,
      resolveHost: async (name) => {
        if (name === 'media.test') return [{ address: '127.0.0.1', family: 4 }];
        if (name === 'evil.test') return [{ address: '10.0.0.5', family: 4 }];
        throw new Error(`no DNS in tests (${name})`);
      },
    },
  });
  const settings = { maxJsonBytes: 64 * 1024, maxUploadBytes: 128 * 1024, maxFiles: 3, burst: 10_000 };
  const wf = await h.publish();
  const hook = await h.trigger(wf.workflowId, { settings });
  const disabled = await h.trigger(wf.workflowId, { settings });
  await h.t.db.prisma.trigger.update({ where: { id: disabled.id }, data: { enabled: false } });
  const draft = await h.publish(undefined, { published: false });
  const unpublished = await h.trigger(draft.workflowId, { settings });
  const path = (url: string) => new URL(url).pathname;
  env = {
    hook: { path: path(hook.url), secret: hook.secret },
    disabledHook: { path: path(disabled.url), secret: disabled.secret },
    unpublishedHook: { path: path(unpublished.url), secret: unpublished.secret },
    sign: (secret, body, at) => h.sign(secret, body, at),
    mediaBase: `http://media.test:${mediaPort}`,
    mediaPort,
  };
}, 60_000);

afterAll(async () => {
  await h?.close();
  await new Promise((r) => media?.close(r));
});

describe('webhook bad-input corpus', () => {
  it('has at least 40 cases with distinct names', () => {
    expect(webhookCorpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(webhookCorpus.map((c) => c.name)).size).toBe(webhookCorpus.length);
  });

  it.each(webhookCorpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    for (const setup of c.setup?.(env) ?? []) {
      const res = await sendRaw(h.url, setup);
      expect(res.status, `setup of ${c.name}: ${res.body}`).toBeLessThan(300);
    }
    const before = await h.counts();
    const res = await sendRaw(h.url, c.request(env)).catch((error: Error) => {
      if (c.mayCloseConnection && /socket hang up|ECONNRESET/.test(error.message)) return undefined;
      throw error;
    });
    if (res) {
      expect({ status: res.status, type: res.json?.type }, res.body).toEqual({
        status: c.expect.status,
        type: problemType(c.expect.type),
      });
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.json).toMatchObject({
        status: c.expect.status,
        title: expect.any(String),
        detail: expect.any(String),
      });
    }
    // Nothing left behind: no run, media row, key or stored byte (temp files included).
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.counts()).toEqual(before);
    // And the server still answers.
    const health = await fetch(`${h.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('accepts a good multipart upload and a good media URL afterwards (the corpus broke nothing)', async () => {
    const before = await h.counts();
    const body = JSON.stringify({ claimId: 'C-OK', mediaUrls: [`${env.mediaBase}/photo.png`] });
    const res = await fetch(`${h.url}${env.hook.path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'conveyor-signature': h.sign(env.hook.secret, body),
        prefer: 'wait=10',
      },
    });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { output: { b: { out: { media: { contentType: string }[] } } } };
    expect(run.output.b.out.media).toMatchObject([{ contentType: 'image/png' }]);
    const after = await h.counts();
    expect(after.runs).toBe(before.runs + 1);
    expect(after.media).toBe(before.media + 1);
  });
});
