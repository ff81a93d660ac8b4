import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('has working defaults with an empty environment', () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.CONVEYOR_PG_PORT).toBe(54329);
    expect(env.CONVEYOR_POOLS).toBe('cpu');
    expect(env.CONVEYOR_SUPERVISED).toBe(false);
    expect(env.CONVEYOR_DEMO_CLAIMS).toBe(true);
  });

  it('turns the demo claims off with 0 and refuses a value that is not a switch', () => {
    expect(loadEnv({ CONVEYOR_DEMO_CLAIMS: '0' }).CONVEYOR_DEMO_CLAIMS).toBe(false);
    expect(loadEnv({ CONVEYOR_DEMO_CLAIMS: 'false' }).CONVEYOR_DEMO_CLAIMS).toBe(false);
    expect(() => loadEnv({ CONVEYOR_DEMO_CLAIMS: 'sometimes' })).toThrow(/CONVEYOR_DEMO_CLAIMS/);
  });

  it('says which variable is wrong', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/Invalid environment: PORT/);
    expect(() => loadEnv({ CONVEYOR_ADMIN_EMAIL: 'nope' })).toThrow(/CONVEYOR_ADMIN_EMAIL/);
    expect(() => loadEnv({ CONVEYOR_ADMIN_PASSWORD: 'short' })).toThrow(/CONVEYOR_ADMIN_PASSWORD/);
  });
});
