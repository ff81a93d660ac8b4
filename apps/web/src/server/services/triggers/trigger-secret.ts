import { encryptSecret, randomToken } from '@conveyor/db';

/** A new signing secret: shown once, stored only as AES-256-GCM ciphertext. */
export function newTriggerSecret(secretKey: Buffer): { secret: string; ciphertext: string } {
  const secret = randomToken('whsec', 32);
  return { secret, ciphertext: encryptSecret(secretKey, secret) };
}
