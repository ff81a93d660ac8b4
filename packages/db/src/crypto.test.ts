import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, hashToken, parseSecretKey, randomToken } from './crypto.ts';

describe('secret encryption', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext', () => {
    const a = encryptSecret(key, 'whsec_abc');
    const b = encryptSecret(key, 'whsec_abc');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(decryptSecret(key, a)).toBe('whsec_abc');
  });

  it('refuses a tampered ciphertext or a wrong key', () => {
    const c = encryptSecret(key, 'secret');
    const parts = c.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString('base64url');
    expect(() => decryptSecret(key, parts.join('.'))).toThrow();
    expect(() => decryptSecret(randomBytes(32), c)).toThrow();
    expect(() => decryptSecret(key, 'v2.a.b.c')).toThrow(/Unknown secret format/);
  });

  it('parses hex and base64 keys of 32 bytes only', () => {
    const raw = randomBytes(32);
    expect(parseSecretKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(() => parseSecretKey('short')).toThrow(/32 bytes/);
  });

  it('hashes tokens deterministically and makes prefixed random tokens', () => {
    const t = randomToken('cvt');
    expect(t).toMatch(/^cvt_[A-Za-z0-9_-]{32}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toBe(hashToken(randomToken('cvt')));
  });
});
