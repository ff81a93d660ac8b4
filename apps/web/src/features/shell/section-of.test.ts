import { describe, expect, it } from 'vitest';
import { sectionOf } from './section-of';

describe('sectionOf', () => {
  it('keeps the list or settings page, drops record ids', () => {
    expect(sectionOf('/w/demo/runs/5b1c')).toBe('runs');
    expect(sectionOf('/w/demo/inbox')).toBe('inbox');
    expect(sectionOf('/w/demo/dashboard')).toBe('dashboard');
    expect(sectionOf('/w/demo/settings/members')).toBe('settings/members');
    expect(sectionOf('/w/demo/workflows/abc')).toBe('workflows');
    expect(sectionOf('/w/demo')).toBe('workflows');
    expect(sectionOf('/w/demo/unknown')).toBe('workflows');
  });
});
