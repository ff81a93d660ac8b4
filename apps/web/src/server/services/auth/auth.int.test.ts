import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@conveyor/db/factories';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { AppError } from '@/server/errors';
import { deriveAuthSecret } from '@/server/auth/secret';
import { linkOidcUser } from './link-oidc-user';
import { createLoginThrottle, createLoginThrottles } from './login-throttle';
import { verifyCredentials } from './verify-credentials';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('verifyCredentials', () => {
  it('accepts the right password (email case-insensitive), refuses others, then throttles', async () => {
    const user = await createUser(t.db, { email: 'ana@example.test', password: 'right-password' });
    const throttle = {
      byEmail: createLoginThrottle({ freeAttempts: 2, baseDelayMs: 60_000 }),
      byAddress: createLoginThrottle({ freeAttempts: 100 }),
    };
    const ok = await verifyCredentials({ db: t.db, throttle, email: ' ANA@example.test', password: 'right-password' });
    expect(ok?.id).toBe(user.id);
    expect(await verifyCredentials({ db: t.db, throttle, email: 'ana@example.test', password: 'wrong' })).toBeNull();
    expect(await verifyCredentials({ db: t.db, throttle, email: 'nobody@example.test', password: 'x' })).toBeNull();
    expect(await verifyCredentials({ db: t.db, throttle, email: 'ana@example.test', password: 'wrong' })).toBeNull();
    const blocked = await verifyCredentials({
      db: t.db,
      throttle,
      email: 'ana@example.test',
      password: 'right-password',
    }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(AppError);
    expect((blocked as AppError).code).toBe('TOO_MANY_REQUESTS');
  });

  it('never lets a user without a password (OIDC-only) in with any password', async () => {
    await createUser(t.db, { email: 'sso-only@example.test' });
    const throttle = createLoginThrottles();
    expect(await verifyCredentials({ db: t.db, throttle, email: 'sso-only@example.test', password: '' })).toBeNull();
  });
});

describe('linkOidcUser', () => {
  it('links by verified email, reuses the link, and refuses unverified emails', async () => {
    const existing = await createUser(t.db, { email: 'bo@example.test', password: 'pw-1234567890' });
    const first = await linkOidcUser({
      db: t.db,
      provider: 'oidc',
      subject: 'sub-1',
      email: 'Bo@Example.test',
      emailVerified: true,
    });
    expect(first.id).toBe(existing.id);
    const again = await linkOidcUser({
      db: t.db,
      provider: 'oidc',
      subject: 'sub-1',
      email: 'changed@example.test',
      emailVerified: false,
    });
    expect(again.id).toBe(existing.id);
    await expect(
      linkOidcUser({ db: t.db, provider: 'oidc', subject: 'sub-2', email: 'bo@example.test', emailVerified: false }),
    ).rejects.toMatchObject({ reason: 'oidc_email_unverified' });
    const fresh = await linkOidcUser({
      db: t.db,
      provider: 'oidc',
      subject: 'sub-3',
      email: 'new@example.test',
      emailVerified: true,
      name: 'New',
    });
    expect(fresh).toMatchObject({ email: 'new@example.test', name: 'New' });
  });
});

describe('deriveAuthSecret', () => {
  it('is stable per key and differs between keys', () => {
    const a = deriveAuthSecret('11'.repeat(32));
    expect(deriveAuthSecret('11'.repeat(32))).toBe(a);
    expect(deriveAuthSecret('22'.repeat(32))).not.toBe(a);
    expect(a).not.toContain('1111');
  });
});
