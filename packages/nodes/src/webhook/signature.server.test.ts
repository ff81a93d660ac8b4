import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignatureVerifier, parseSignatureHeader, signPayload, verifySignature } from './signature.server.ts';

const body = JSON.stringify({ claimId: 'C-1001', photos: 3 });
const t = 1_767_225_600; // 2026-01-01T00:00:00Z
const at = (seconds: number) => new Date(seconds * 1000);

describe('signPayload', () => {
  it('signs "t.body" with HMAC-SHA256 in the documented header format', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    expect(signPayload('whsec_a', body, t)).toBe(`t=${t},v1=${expected}`);
    expect(signPayload('whsec_a', body, at(t))).toBe(`t=${t},v1=${expected}`);
    expect(signPayload('whsec_a', Buffer.from(body), t)).toBe(`t=${t},v1=${expected}`);
  });
});

describe('verifySignature', () => {
  const header = signPayload('whsec_a', body, t);

  it('accepts its own signature within the tolerance', () => {
    expect(verifySignature(header, body, ['whsec_a'], { now: at(t + 299) })).toEqual({
      ok: true,
      timestamp: t,
      secretIndex: 0,
    });
    expect(verifySignature(header, Buffer.from(body), ['whsec_a'], { now: at(t - 299) }).ok).toBe(true);
  });

  it('refuses a missing header', () => {
    expect(verifySignature(undefined, body, ['whsec_a'])).toMatchObject({ ok: false, reason: 'missing' });
    expect(verifySignature('', body, ['whsec_a'])).toMatchObject({ ok: false, reason: 'missing' });
  });

  it.each([
    'garbage',
    `t=${t}`,
    'v1=' + 'a'.repeat(64),
    `t=abc,v1=${'a'.repeat(64)}`,
    `t=${t},v1=xyz`,
    `t=${t},t=${t},v1=${'a'.repeat(64)}`,
    `t=${t},v1=${'a'.repeat(63)}`,
  ])('refuses the malformed header %j', (bad) => {
    expect(verifySignature(bad, body, ['whsec_a'], { now: at(t) })).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a tampered body', () => {
    const tampered = body.replace('3', '4');
    expect(verifySignature(header, tampered, ['whsec_a'], { now: at(t) })).toMatchObject({ reason: 'mismatch' });
  });

  it('refuses a tampered timestamp', () => {
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifySignature(moved, body, ['whsec_a'], { now: at(t) })).toMatchObject({ reason: 'mismatch' });
  });

  it('refuses the wrong secret', () => {
    expect(verifySignature(header, body, ['whsec_b'], { now: at(t) })).toMatchObject({ reason: 'mismatch' });
  });

  it('refuses an old signature (replay) and one too far in the future', () => {
    const old = verifySignature(header, body, ['whsec_a'], { now: at(t + 301) });
    expect(old).toMatchObject({ ok: false, reason: 'expired' });
    expect(old.ok === false && old.message).toContain('301 s old');
    const future = verifySignature(header, body, ['whsec_a'], { now: at(t - 301) });
    expect(future).toMatchObject({ ok: false, reason: 'expired' });
    expect(future.ok === false && future.message).toContain('in the future');
  });

  it('honours a custom tolerance', () => {
    expect(verifySignature(header, body, ['whsec_a'], { now: at(t + 30), toleranceSec: 10 }).ok).toBe(false);
    expect(verifySignature(header, body, ['whsec_a'], { now: at(t + 30), toleranceSec: 60 }).ok).toBe(true);
  });

  it('reports a forged, old request as a mismatch, not as expired', () => {
    const forged = `t=${t},v1=${'0'.repeat(64)}`;
    expect(verifySignature(forged, body, ['whsec_a'], { now: at(t + 10_000) })).toMatchObject({ reason: 'mismatch' });
  });

  it('rotates receiver secrets: either the new or the old one verifies', () => {
    const signedWithOld = signPayload('whsec_old', body, t);
    expect(verifySignature(signedWithOld, body, ['whsec_new', 'whsec_old'], { now: at(t) })).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  it('accepts a header carrying several v1 values (sender mid-rotation) and skips unknown schemes', () => {
    const v1Old = signPayload('whsec_old', body, t).split(',')[1];
    const v1New = signPayload('whsec_new', body, t).split(',')[1];
    const multi = `t=${t},${v1Old},v0=legacy,${v1New}`;
    expect(parseSignatureHeader(multi)?.signatures).toHaveLength(2);
    expect(verifySignature(multi, body, ['whsec_new'], { now: at(t) })).toMatchObject({ ok: true, secretIndex: 0 });
    expect(verifySignature(multi, body, ['whsec_old'], { now: at(t) }).ok).toBe(true);
    expect(verifySignature(multi, body, ['whsec_other'], { now: at(t) }).ok).toBe(false);
  });

  it('refuses to verify with no secrets at all', () => {
    expect(() => verifySignature(header, body, [])).toThrow(TypeError);
  });
});

describe('createSignatureVerifier', () => {
  const header = signPayload('whsec_a', body, t);

  it('gives the answer verifySignature gives when the body arrives in chunks', () => {
    const v = createSignatureVerifier(header, ['whsec_a'], { now: at(t) });
    if (!v.ok) throw new Error('expected a verifier');
    for (let i = 0; i < body.length; i += 7) v.update(body.slice(i, i + 7));
    expect(v.verify()).toEqual(verifySignature(header, body, ['whsec_a'], { now: at(t) }));
  });

  it('refuses a missing or malformed header before any body is read, and a changed body at the end', () => {
    expect(createSignatureVerifier(undefined, ['whsec_a'])).toMatchObject({ ok: false, reason: 'missing' });
    expect(createSignatureVerifier('v1=zz', ['whsec_a'])).toMatchObject({ ok: false, reason: 'malformed' });
    const v = createSignatureVerifier(header, ['whsec_a'], { now: at(t) });
    if (!v.ok) throw new Error('expected a verifier');
    v.update(body + ' ');
    expect(v.verify()).toMatchObject({ ok: false, reason: 'mismatch' });
  });
});
