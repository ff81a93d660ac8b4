import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { hashToken } from '@conveyor/db';

/**
 * Upload links for "request more information": `<requestId>.<expiresUnix>.<hmac>`, signed
 * with a key derived from CONVEYOR_SECRET_KEY. The signature and expiry are checked before
 * the database is asked; the database keeps only the token's sha256 (lookup, one use).
 */
export interface EvidenceLinkKey {
  key: Buffer;
}

export function deriveEvidenceLinkKey(secretKey: Buffer): EvidenceLinkKey {
  return { key: Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'conveyor/evidence-link/v1', 32)) };
}

const mac = (k: EvidenceLinkKey, requestId: string, expires: number) =>
  createHmac('sha256', k.key).update(`evidence:${requestId}:${expires}`).digest('base64url');

export function signEvidenceToken(k: EvidenceLinkKey, requestId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${requestId}.${expires}.${mac(k, requestId, expires)}`;
}

export type TokenCheck =
  | { ok: true; requestId: string; expiresAt: Date; tokenHash: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function verifyEvidenceToken(k: EvidenceLinkKey, token: string, now = new Date()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || !UUID.test(parts[0]!) || !/^\d{1,12}$/.test(parts[1]!))
    return { ok: false, reason: 'malformed' };
  const [requestId, expiresText, signature] = parts as [string, string, string];
  const expires = Number(expiresText);
  const expected = Buffer.from(mac(k, requestId, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad_signature' };
  const expiresAt = new Date(expires * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, requestId, expiresAt, tokenHash: hashToken(token) };
}

export function evidenceUploadUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/api/evidence/${encodeURIComponent(token)}`;
}
