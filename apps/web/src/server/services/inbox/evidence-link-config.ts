import 'server-only';
import { parseSecretKey } from '@conveyor/db';
import { env } from '@/env';
import { deriveEvidenceLinkKey, type EvidenceLinkKey } from './evidence-link.ts';

let cached: EvidenceLinkKey | undefined;

/** The upload-link signing key (from CONVEYOR_SECRET_KEY), or undefined when unset. */
export function evidenceLinkKey(): EvidenceLinkKey | undefined {
  const secret = env().CONVEYOR_SECRET_KEY;
  if (!secret) return undefined;
  cached ??= deriveEvidenceLinkKey(parseSecretKey(secret));
  return cached;
}

/** What decideTask needs to send upload links: the key and the app's public address. */
export function evidenceLinks(): { baseUrl: string; key: EvidenceLinkKey } | undefined {
  const key = evidenceLinkKey();
  const baseUrl = env().NEXTAUTH_URL;
  return key && baseUrl ? { key, baseUrl } : undefined;
}
