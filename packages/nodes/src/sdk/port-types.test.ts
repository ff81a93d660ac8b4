import { describe, expect, it } from 'vitest';
import { PORT_TYPES, isPortType, portsCompatible } from './port-types.ts';

describe('portsCompatible', () => {
  it('accepts identical types', () => {
    for (const type of PORT_TYPES) expect(portsCompatible(type, type)).toBe(true);
  });

  it('lets any match everything in both directions', () => {
    for (const type of PORT_TYPES) {
      expect(portsCompatible('any', type)).toBe(true);
      expect(portsCompatible(type, 'any')).toBe(true);
    }
  });

  it('lets a single media feed a media list, not the reverse', () => {
    expect(portsCompatible('media', 'media[]')).toBe(true);
    expect(portsCompatible('media[]', 'media')).toBe(false);
  });

  it('refuses unrelated types', () => {
    expect(portsCompatible('detections', 'classification')).toBe(false);
    expect(portsCompatible('text', 'media[]')).toBe(false);
    expect(portsCompatible('decision', 'record')).toBe(false);
    expect(portsCompatible('record', 'decision')).toBe(false);
  });
});

describe('isPortType', () => {
  it('recognises only the closed set', () => {
    expect(isPortType('media[]')).toBe(true);
    expect(isPortType('image')).toBe(false);
    expect(isPortType(undefined)).toBe(false);
    expect(isPortType('toString')).toBe(false);
  });
});
