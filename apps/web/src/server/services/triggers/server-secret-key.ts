import { parseSecretKey } from '@conveyor/db';
import { env } from '@/env';

let cached: Buffer | null | undefined;

/** CONVEYOR_SECRET_KEY as bytes (encrypts trigger secrets); undefined when unset. */
export function serverSecretKey(): Buffer | undefined {
  if (cached === undefined) {
    const raw = env().CONVEYOR_SECRET_KEY;
    cached = raw ? parseSecretKey(raw) : null;
  }
  return cached ?? undefined;
}
