import { describe, expect, it } from 'vitest';
import { checkMetricsAccess } from './metrics-access.ts';

const h = (init: Record<string, string>) => new Headers(init);
const TOKEN = 'a-long-enough-metrics-token';

describe('checkMetricsAccess', () => {
  it('with a token: only the matching bearer token, from anywhere', () => {
    expect(
      checkMetricsAccess(h({ authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' }), TOKEN),
    ).toEqual({
      ok: true,
    });
    expect(checkMetricsAccess(h({ authorization: 'Bearer wrong' }), TOKEN)).toMatchObject({ ok: false, status: 401 });
    // Loopback is not enough once a token is configured.
    expect(checkMetricsAccess(h({ 'x-forwarded-for': '127.0.0.1' }), TOKEN)).toMatchObject({ ok: false, status: 401 });
  });

  it('without a token: loopback callers only; a proxied request (two hops) is refused', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(checkMetricsAccess(h({ 'x-forwarded-for': ip }), undefined)).toEqual({ ok: true });
    }
    expect(checkMetricsAccess(h({ 'x-forwarded-for': '10.0.0.5' }), undefined)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkMetricsAccess(h({ 'x-forwarded-for': '127.0.0.1, 203.0.113.9' }), undefined)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkMetricsAccess(h({}), undefined)).toMatchObject({ ok: false, status: 403 });
  });
});
