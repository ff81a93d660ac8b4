import { InvalidStorageKeyError } from './errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEY = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/**
 * `sha256/ab/cd/<sha256>`: two levels of fan-out keep directories (and S3 listing
 * prefixes) small, and the key names the algorithm so a later one can live beside it.
 */
export function storageKeyFor(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new InvalidStorageKeyError(sha256);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * The sha256 inside a key, refusing anything else — keys come from the database and the
 * API, and must never become a path like `../../etc/passwd` in the local store.
 */
export function sha256OfKey(storageKey: string): string {
  const match = KEY.exec(storageKey);
  const sha256 = match?.[3];
  if (!match || !sha256 || match[1] !== sha256.slice(0, 2) || match[2] !== sha256.slice(2, 4)) {
    throw new InvalidStorageKeyError(storageKey);
  }
  return sha256;
}
