import type { ProblemSlug } from '../problem.ts';
import type { RawRequest } from './send-raw.ts';

/**
 * The bad-input corpus for `POST /api/hooks/{triggerId}`: what a broken, hostile or merely
 * careless client sends, and the exact answer each gets. The runner
 * (webhook-corpus.int.test.ts) sends every case over a real socket and checks, for each:
 * the status and problem `type`, that no run, media row, idempotency key or stored byte
 * was left behind, and that the server still answers /api/health.
 */
export interface CorpusEnv {
  /** The standard trigger: JSON limit 64 KiB, upload limit 128 KiB, 3 files (media limit 64 KiB each). */
  hook: { path: string; secret: string };
  disabledHook: { path: string; secret: string };
  unpublishedHook: { path: string; secret: string };
  sign(secret: string, body: string | Buffer, at?: Date): string;
  /** A media server reachable only as `media.test` (allow-listed by name). */
  mediaBase: string;
  mediaPort: number;
}

export interface CorpusCase {
  name: string;
  expect: { status: number; type: ProblemSlug };
  /**
   * The client closed its side mid-body: Node's HTTP server drops such a connection before
   * the handler's answer can be written, so "no response" is as good as the problem here.
   */
  mayCloseConnection?: boolean;
  /** Requests sent first (e.g. the original of a replay); what they create is allowed. */
  setup?: (env: CorpusEnv) => RawRequest[];
  request: (env: CorpusEnv) => RawRequest;
}

export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const ZIP = Buffer.from('504b0304140000000800' + '00'.repeat(40), 'hex');
/** A PNG whose header says 0 × 0 pixels: the right magic bytes, an impossible image. */
const CORRUPT_PNG = Buffer.from(PNG_1X1);
CORRUPT_PNG.fill(0, 16, 24);

/** A signed JSON request. */
function json(
  env: CorpusEnv,
  body: string | Buffer,
  headers: Record<string, string> = {},
  hook = env.hook,
): RawRequest {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return {
    path: hook.path,
    headers: {
      'content-type': 'application/json',
      'content-length': String(bytes.length),
      'conveyor-signature': env.sign(hook.secret, bytes),
      ...headers,
    },
    parts: [bytes],
  };
}

const BOUNDARY = 'corpusBoundary7MA4YWxkTrZu0gW';

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

function multipartBody(parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
    );
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

function multipart(env: CorpusEnv, parts: Part[], o: { close?: boolean; secret?: string } = {}): RawRequest {
  const body = multipartBody(parts, o.close ?? true);
  return {
    path: env.hook.path,
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(body.length),
      'conveyor-signature': env.sign(o.secret ?? env.hook.secret, body),
    },
    parts: [body],
  };
}

const file = (data: Buffer | string, type = 'image/png', filename = 'photo.png'): Part => ({
  name: 'photo',
  filename,
  type,
  data,
});

const urls = (env: CorpusEnv, list: unknown) => json(env, JSON.stringify({ claimId: 'C-URL', mediaUrls: list }));
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

export const webhookCorpus: CorpusCase[] = [
  // ── JSON shape ─────────────────────────────────────────────────────────────────────────
  { name: 'malformed JSON', expect: { status: 400, type: 'malformed-json' }, request: (e) => json(e, '{"claimId": ') },
  {
    name: 'truncated JSON (valid prefix, length matches)',
    expect: { status: 400, type: 'malformed-json' },
    request: (e) => json(e, '{"claimId": "C-1", "items": [1, 2'),
  },
  {
    name: 'JSON followed by garbage',
    expect: { status: 400, type: 'malformed-json' },
    request: (e) => json(e, '{"claimId": "C-1"} trailing'),
  },
  { name: 'zero-byte JSON body', expect: { status: 400, type: 'malformed-json' }, request: (e) => json(e, '') },
  { name: 'top-level JSON array', expect: { status: 422, type: 'invalid-input' }, request: (e) => json(e, '[1,2,3]') },
  { name: 'top-level JSON string', expect: { status: 422, type: 'invalid-input' }, request: (e) => json(e, '"claim"') },
  {
    name: 'deeply nested arrays (10 000 levels)',
    expect: { status: 422, type: 'json-too-deep' },
    request: (e) => json(e, `{"a":${nested(10_000, '[', ']')}}`),
  },
  {
    name: 'nested objects one level past the limit',
    expect: { status: 422, type: 'json-too-deep' },
    request: (e) =>
      json(
        e,
        nested(33, '{"a":', '}').replace(/}+$/, (m) => '1' + m),
      ),
  },
  {
    name: 'huge array (30 000 elements within the byte limit)',
    expect: { status: 422, type: 'json-too-large' },
    request: (e) => json(e, `{"items":[${Array(30_000).fill(0).join(',')}]}`),
  },
  {
    name: 'raw control character inside a string',
    expect: { status: 400, type: 'malformed-json' },
    request: (e) => json(e, '{"note": "line\u0001break"}'),
  },
  {
    name: 'escaped NUL (\\u0000) that Postgres cannot store',
    expect: { status: 422, type: 'unsupported-character' },
    request: (e) => json(e, '{"note": "a\\u0000b"}'),
  },
  {
    name: 'invalid UTF-8 (0xC3 0x28)',
    expect: { status: 400, type: 'invalid-utf8' },
    request: (e) => json(e, Buffer.concat([Buffer.from('{"n": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])),
  },
  {
    name: 'UTF-8-encoded lone surrogate (0xED 0xA0 0x80)',
    expect: { status: 400, type: 'invalid-utf8' },
    request: (e) =>
      json(e, Buffer.concat([Buffer.from('{"n": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])),
  },
  // ── Content type and size ──────────────────────────────────────────────────────────────
  {
    name: 'text/plain body',
    expect: { status: 415, type: 'unsupported-content-type' },
    request: (e) => json(e, '{"a":1}', { 'content-type': 'text/plain' }),
  },
  {
    name: 'no Content-Type at all',
    expect: { status: 415, type: 'unsupported-content-type' },
    request: (e) => {
      const r = json(e, '{"a":1}');
      delete r.headers!['content-type'];
      return r;
    },
  },
  {
    name: 'application/xml',
    expect: { status: 415, type: 'unsupported-content-type' },
    request: (e) => json(e, '<claim/>', { 'content-type': 'application/xml' }),
  },
  {
    name: 'JSON over the limit (declared length)',
    expect: { status: 413, type: 'body-too-large' },
    request: (e) => json(e, JSON.stringify({ pad: 'x'.repeat(70 * 1024) })),
  },
  {
    name: 'JSON over the limit (chunked, no length)',
    expect: { status: 413, type: 'body-too-large' },
    request: (e) => {
      const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(70 * 1024) }));
      const r = json(e, body);
      delete r.headers!['content-length'];
      return { ...r, parts: [body.subarray(0, 40_000), body.subarray(40_000)] };
    },
  },
  // ── Signatures ─────────────────────────────────────────────────────────────────────────
  {
    name: 'missing signature',
    expect: { status: 401, type: 'signature-missing' },
    request: (e) => {
      const r = json(e, '{"a":1}');
      delete r.headers!['conveyor-signature'];
      return r;
    },
  },
  {
    name: 'malformed signature header',
    expect: { status: 401, type: 'signature-malformed' },
    request: (e) => json(e, '{"a":1}', { 'conveyor-signature': 't=abc,v1=zz' }),
  },
  {
    name: 'signature header without v1',
    expect: { status: 401, type: 'signature-malformed' },
    request: (e) => json(e, '{"a":1}', { 'conveyor-signature': `t=${Math.floor(Date.now() / 1000)}` }),
  },
  {
    name: 'signed with the wrong secret',
    expect: { status: 401, type: 'signature-mismatch' },
    request: (e) => json(e, '{"a":1}', { 'conveyor-signature': e.sign('whsec_not_the_secret', '{"a":1}') }),
  },
  {
    name: 'signature over a different body',
    expect: { status: 401, type: 'signature-mismatch' },
    request: (e) => json(e, '{"a":2}', { 'conveyor-signature': e.sign(e.hook.secret, '{"a":1}') }),
  },
  {
    name: 'expired signature (10 minutes old)',
    expect: { status: 401, type: 'signature-expired' },
    request: (e) =>
      json(e, '{"a":1}', { 'conveyor-signature': e.sign(e.hook.secret, '{"a":1}', new Date(Date.now() - 600_000)) }),
  },
  {
    name: 'signature from the future (10 minutes ahead)',
    expect: { status: 401, type: 'signature-expired' },
    request: (e) =>
      json(e, '{"a":1}', { 'conveyor-signature': e.sign(e.hook.secret, '{"a":1}', new Date(Date.now() + 600_000)) }),
  },
  {
    name: 'replayed signed request',
    expect: { status: 401, type: 'signature-replayed' },
    setup: (e) => [json(e, '{"claimId":"REPLAY"}', { 'conveyor-signature': replaySignature(e) })],
    request: (e) => json(e, '{"claimId":"REPLAY"}', { 'conveyor-signature': replaySignature(e) }),
  },
  {
    name: 'replay with the signature header padded and reordered',
    expect: { status: 401, type: 'signature-replayed' },
    setup: (e) => [
      json(e, '{"claimId":"REPLAY-2"}', {
        'conveyor-signature': e.sign(e.hook.secret, '{"claimId":"REPLAY-2"}', replayAt),
      }),
    ],
    request: (e) => {
      const [t, v1] = e.sign(e.hook.secret, '{"claimId":"REPLAY-2"}', replayAt).split(',');
      return json(e, '{"claimId":"REPLAY-2"}', { 'conveyor-signature': `${v1}, v0=legacy, ${t}` });
    },
  },
  // ── Trigger and workflow state ─────────────────────────────────────────────────────────
  {
    name: 'unknown trigger',
    expect: { status: 404, type: 'trigger-not-found' },
    request: (e) => ({ ...json(e, '{"a":1}'), path: '/api/hooks/00000000-0000-4000-8000-000000000000' }),
  },
  {
    name: 'trigger id that is not a UUID',
    expect: { status: 404, type: 'trigger-not-found' },
    request: (e) => ({ ...json(e, '{"a":1}'), path: "/api/hooks/1'%20OR%201=1" }),
  },
  {
    name: 'trigger id with a broken percent-escape',
    expect: { status: 404, type: 'trigger-not-found' },
    request: (e) => ({ ...json(e, '{"a":1}'), path: '/api/hooks/%E0%A4%A' }),
  },
  {
    name: 'disabled trigger',
    expect: { status: 403, type: 'trigger-disabled' },
    request: (e) => json(e, '{"a":1}', {}, e.disabledHook),
  },
  {
    name: 'workflow without a published version',
    expect: { status: 409, type: 'workflow-not-published' },
    request: (e) => json(e, '{"a":1}', {}, e.unpublishedHook),
  },
  {
    name: 'GET instead of POST',
    expect: { status: 405, type: 'method-not-allowed' },
    request: (e) => ({ method: 'GET', path: e.hook.path }),
  },
  // ── Headers ────────────────────────────────────────────────────────────────────────────
  {
    name: 'Idempotency-Key with spaces',
    expect: { status: 400, type: 'idempotency-key-invalid' },
    request: (e) => json(e, '{"a":1}', { 'idempotency-key': 'has spaces in it' }),
  },
  {
    name: 'Idempotency-Key reused with a different body',
    expect: { status: 422, type: 'idempotency-key-reused' },
    setup: (e) => [json(e, '{"claimId":"IDEM-1"}', { 'idempotency-key': 'corpus-idem' })],
    request: (e) => json(e, '{"claimId":"IDEM-2"}', { 'idempotency-key': 'corpus-idem' }),
  },
  {
    name: 'Prefer: wait that is not a number',
    expect: { status: 400, type: 'invalid-header' },
    request: (e) => json(e, '{"a":1}', { prefer: 'wait=soon' }),
  },
  // ── Multipart and media ────────────────────────────────────────────────────────────────
  {
    name: 'truncated multipart (no closing boundary)',
    expect: { status: 400, type: 'malformed-multipart' },
    request: (e) => multipart(e, [{ name: 'claimId', data: 'C-9' }, file(PNG_1X1)], { close: false }),
  },
  {
    name: 'multipart without a boundary',
    expect: { status: 400, type: 'malformed-multipart' },
    request: (e) => ({
      ...multipart(e, [file(PNG_1X1)]),
      headers: { ...multipart(e, [file(PNG_1X1)]).headers, 'content-type': 'multipart/form-data' },
    }),
  },
  { name: 'zero-byte file', expect: { status: 422, type: 'media-empty' }, request: (e) => multipart(e, [file('')]) },
  {
    name: 'corrupt PNG (a 0 × 0 image header)',
    expect: { status: 422, type: 'media-corrupt' },
    request: (e) => multipart(e, [file(CORRUPT_PNG)]),
  },
  {
    name: 'PNG labelled image/jpeg',
    expect: { status: 415, type: 'media-type-mismatch' },
    request: (e) => multipart(e, [file(PNG_1X1, 'image/jpeg', 'photo.jpg')]),
  },
  {
    name: 'text file labelled image/png',
    expect: { status: 415, type: 'media-type-not-allowed' },
    request: (e) => multipart(e, [file('just some text, not an image at all')]),
  },
  {
    name: 'ZIP archive',
    expect: { status: 415, type: 'media-type-not-allowed' },
    request: (e) => multipart(e, [file(ZIP, 'application/octet-stream', 'claim.zip')]),
  },
  {
    name: 'file over the per-file media limit',
    expect: { status: 413, type: 'media-too-large' },
    request: (e) => multipart(e, [file(Buffer.concat([PNG_1X1, Buffer.alloc(100 * 1024)]))]),
  },
  {
    name: 'multipart body over the upload limit',
    expect: { status: 413, type: 'body-too-large' },
    request: (e) =>
      multipart(e, [
        file(Buffer.concat([PNG_1X1, Buffer.alloc(50 * 1024)])),
        { ...file(Buffer.concat([PNG_1X1, Buffer.alloc(50 * 1024, 1)])), filename: 'b.png' },
        { ...file(Buffer.concat([PNG_1X1, Buffer.alloc(50 * 1024, 2)])), filename: 'c.png' },
      ]),
  },
  {
    name: 'more files than allowed',
    expect: { status: 422, type: 'too-many-files' },
    request: (e) =>
      multipart(
        e,
        [0, 1, 2, 3].map((i) => ({ ...file(Buffer.concat([PNG_1X1, Buffer.from([i])])), filename: `${i}.png` })),
      ),
  },
  {
    name: 'valid upload with a wrong signature (bytes must not stay behind)',
    expect: { status: 401, type: 'signature-mismatch' },
    request: (e) =>
      multipart(e, [file(Buffer.concat([PNG_1X1, Buffer.from('unique-bytes')]))], { secret: 'whsec_wrong' }),
  },
  {
    name: 'multipart field containing NUL',
    expect: { status: 422, type: 'unsupported-character' },
    request: (e) => multipart(e, [{ name: 'claimId', data: 'C\u0000-1' }, file(PNG_1X1)]),
  },
  {
    name: 'multipart record field that is not JSON',
    expect: { status: 400, type: 'malformed-json' },
    request: (e) => multipart(e, [{ name: 'record', data: '{"claimId":' }, file(PNG_1X1)]),
  },
  // ── Media URLs (SSRF) ──────────────────────────────────────────────────────────────────
  {
    name: 'media URL at 127.0.0.1',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, [`http://127.0.0.1:${e.mediaPort}/photo.png`]),
  },
  {
    name: 'media URL at [::1]',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, [`http://[::1]:${e.mediaPort}/photo.png`]),
  },
  {
    name: 'media URL at 10.x',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, ['http://10.0.0.7/photo.png']),
  },
  {
    name: 'media URL at the metadata address 169.254.169.254',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, ['http://169.254.169.254/latest/meta-data/']),
  },
  {
    name: 'media URL whose hostname resolves to a private address',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, ['http://evil.test/photo.png']),
  },
  {
    name: 'media URL that redirects to a private address',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, [`${e.mediaBase}/redirect-to-loopback`]),
  },
  {
    name: 'media URL with a file: scheme',
    expect: { status: 422, type: 'media-url-invalid' },
    request: (e) => urls(e, ['file:///etc/passwd']),
  },
  {
    name: 'mediaUrls that is not a list of strings',
    expect: { status: 422, type: 'invalid-input' },
    request: (e) => urls(e, { url: 'http://example.com/a.png' }),
  },
  {
    name: 'media URL answering 404',
    expect: { status: 422, type: 'media-url-unreachable' },
    request: (e) => urls(e, [`${e.mediaBase}/missing.png`]),
  },
  {
    name: 'media URL serving text, not media',
    expect: { status: 415, type: 'media-type-not-allowed' },
    request: (e) => urls(e, [`${e.mediaBase}/text`]),
  },
  {
    name: 'a good media URL followed by a blocked one (the first download is discarded)',
    expect: { status: 422, type: 'media-url-blocked' },
    request: (e) => urls(e, [`${e.mediaBase}/photo.png`, 'http://10.0.0.7/b.png']),
  },
  {
    name: 'more media URLs than allowed',
    expect: { status: 422, type: 'too-many-files' },
    request: (e) =>
      urls(
        e,
        [1, 2, 3, 4].map((i) => `${e.mediaBase}/photo.png?${i}`),
      ),
  },
  // ── Broken transport ───────────────────────────────────────────────────────────────────
  {
    name: 'body that stalls after a few bytes',
    expect: { status: 408, type: 'body-timeout' },
    request: (e) => {
      const r = json(e, '{"claimId": "C-SLOW", "note": "this body never finishes"}');
      return { ...r, parts: [(r.parts![0] as Buffer).subarray(0, 12)], finish: 'stall' };
    },
  },
  {
    name: 'body cut off before its Content-Length (client half-closes)',
    expect: { status: 400, type: 'body-incomplete' },
    mayCloseConnection: true,
    request: (e) => {
      const r = json(e, '{"claimId": "C-CUT", "note": "cut short"}');
      return { ...r, parts: [(r.parts![0] as Buffer).subarray(0, 15)], finish: 'half-close' };
    },
  },
  {
    name: 'body cut off before its Content-Length, then stalled',
    expect: { status: 408, type: 'body-timeout' },
    request: (e) => {
      const r = json(e, '{"claimId": "C-CUT2", "note": "cut short and left hanging"}');
      return { ...r, parts: [(r.parts![0] as Buffer).subarray(0, 20)], finish: 'stall' };
    },
  },
  {
    name: 'multipart upload cut off mid-file (client half-closes)',
    expect: { status: 400, type: 'body-incomplete' },
    mayCloseConnection: true,
    request: (e) => {
      const r = multipart(e, [file(Buffer.concat([PNG_1X1, Buffer.alloc(20_000, 9)]))]);
      return { ...r, parts: [(r.parts![0] as Buffer).subarray(0, 10_000)], finish: 'half-close' };
    },
  },
  {
    name: 'multipart upload that stalls mid-file',
    expect: { status: 408, type: 'body-timeout' },
    request: (e) => {
      const r = multipart(e, [file(Buffer.concat([PNG_1X1, Buffer.alloc(20_000, 7)]))]);
      return { ...r, parts: [(r.parts![0] as Buffer).subarray(0, 10_000)], finish: 'stall' };
    },
  },
];

const replayAt = new Date();
/** One fixed signature for the replay case's original and its replay. */
function replaySignature(e: CorpusEnv) {
  return e.sign(e.hook.secret, '{"claimId":"REPLAY"}', replayAt);
}
