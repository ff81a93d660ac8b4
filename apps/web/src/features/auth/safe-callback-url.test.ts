import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from './safe-callback-url';

describe('safeCallbackUrl', () => {
  it('keeps paths on this site', () => {
    expect(safeCallbackUrl('/w/demo/runs?status=failed')).toBe('/w/demo/runs?status=failed');
    expect(safeCallbackUrl('http://localhost:3000/w/demo/inbox')).toBe('/w/demo/inbox');
  });
  it('refuses other sites and loops', () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'evil.example', '/sign-in?x=1'])
      expect(safeCallbackUrl(bad)).toBe('/');
    expect(safeCallbackUrl(undefined, '/w/a')).toBe('/w/a');
  });
});
