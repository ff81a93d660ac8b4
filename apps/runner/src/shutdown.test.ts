import { describe, expect, it } from 'vitest';
import { isLostConnection } from './shutdown.ts';

describe('isLostConnection', () => {
  it('knows the ways a Postgres connection ends under a client', () => {
    expect(
      isLostConnection(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isLostConnection(Object.assign(new Error('the database system is shutting down'), { code: '57P03' }))).toBe(
      true,
    );
    expect(isLostConnection(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isLostConnection(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('leaves every other error to crash loudly', () => {
    expect(isLostConnection(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isLostConnection(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isLostConnection(null)).toBe(false);
    expect(isLostConnection('Connection terminated')).toBe(false);
  });
});
