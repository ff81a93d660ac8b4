import { badRunCursor } from './errors.ts';

/**
 * Keyset cursor for the runs list, newest first: the (created_at, id) of the last row
 * shown. Opaque to clients (base64url), so its shape can change without breaking links.
 */
export interface RunCursor {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeRunCursor(raw: string): RunCursor {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const [createdAt, id, ...rest] = text.split('|');
  if (rest.length || !createdAt || !id || !UUID.test(id) || Number.isNaN(Date.parse(createdAt))) {
    throw badRunCursor();
  }
  return { createdAt, id };
}
