import { hkdfSync } from 'node:crypto';
import { env } from '@/env';

/**
 * The key that signs and encrypts session JWTs. NEXTAUTH_SECRET wins when set; otherwise it
 * is derived from CONVEYOR_SECRET_KEY with HKDF, so one secret configures the whole app and
 * the encryption key itself never doubles as a cookie key.
 */
export function authSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (!e.CONVEYOR_SECRET_KEY) {
    throw new Error('Set CONVEYOR_SECRET_KEY (npm start does) or NEXTAUTH_SECRET to sign sessions');
  }
  return deriveAuthSecret(e.CONVEYOR_SECRET_KEY);
}

export function deriveAuthSecret(secretKey: string): string {
  // Same format rules as @conveyor/db's parseSecretKey (kept here so this file stays tiny).
  const key = /^[0-9a-f]{64}$/i.test(secretKey) ? Buffer.from(secretKey, 'hex') : Buffer.from(secretKey, 'base64');
  if (key.length !== 32) throw new Error('CONVEYOR_SECRET_KEY must be 32 bytes (64 hex chars or base64)');
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'conveyor/nextauth-secret/v1', 32)).toString('base64url');
}

export function oidcConfig(): { issuer: string; clientId: string; clientSecret: string; name: string } | null {
  const e = env();
  if (!e.CONVEYOR_OIDC_ISSUER || !e.CONVEYOR_OIDC_CLIENT_ID || !e.CONVEYOR_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.CONVEYOR_OIDC_ISSUER.replace(/\/$/, ''),
    clientId: e.CONVEYOR_OIDC_CLIENT_ID,
    clientSecret: e.CONVEYOR_OIDC_CLIENT_SECRET,
    name: e.CONVEYOR_OIDC_NAME,
  };
}
