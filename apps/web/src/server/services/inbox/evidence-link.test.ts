import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveEvidenceLinkKey, evidenceUploadUrl, signEvidenceToken, verifyEvidenceToken } from './evidence-link.ts';

const key = deriveEvidenceLinkKey(randomBytes(32));
const now = new Date('2026-11-29T10:00:00.000Z');
const later = new Date('2026-11-30T10:00:00.000Z');

describe('evidence upload links', () => {
  it('round-trips a signed token until it expires', () => {
    const id = randomUUID();
    const token = signEvidenceToken(key, id, later);
    const check = verifyEvidenceToken(key, token, now);
    expect(check).toMatchObject({ ok: true, requestId: id, expiresAt: later });
    expect(verifyEvidenceToken(key, token, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tampered, foreign and malformed tokens', () => {
    const id = randomUUID();
    const token = signEvidenceToken(key, id, later);
    const [, , sig] = token.split('.');
    // A later expiry with the old signature: the signature covers the expiry.
    expect(verifyEvidenceToken(key, `${id}.${Math.floor(later.getTime() / 1000) + 999}.${sig}`, now).ok).toBe(false);
    expect(verifyEvidenceToken(deriveEvidenceLinkKey(randomBytes(32)), token, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyEvidenceToken(key, 'nonsense', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyEvidenceToken(key, `${id}.abc.${sig}`, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds the public upload address', () => {
    expect(evidenceUploadUrl('https://conveyor.example.com/', 'a.b.c')).toBe(
      'https://conveyor.example.com/api/evidence/a.b.c',
    );
  });
});
