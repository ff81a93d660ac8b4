import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidStorageKeyError } from './errors.ts';
import { sha256OfKey, storageKeyFor } from './storage-key.ts';

const sha = createHash('sha256').update('claim photo').digest('hex');

describe('storage keys', () => {
  it('fans out by the first two byte pairs and round-trips', () => {
    const key = storageKeyFor(sha);
    expect(key).toBe(`sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`);
    expect(sha256OfKey(key)).toBe(sha);
  });

  it.each([
    'sha256/../../etc/passwd',
    `sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/../${sha}`,
    `sha256/00/00/${sha}`,
    `sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.toUpperCase()}`,
    `/sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
    '',
  ])('refuses %j', (key) => {
    expect(() => sha256OfKey(key)).toThrow(InvalidStorageKeyError);
  });

  it('refuses a digest that is not 64 lowercase hex digits', () => {
    expect(() => storageKeyFor('abc')).toThrow(InvalidStorageKeyError);
    expect(() => storageKeyFor(sha.toUpperCase())).toThrow(InvalidStorageKeyError);
  });
});
