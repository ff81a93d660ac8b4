import type { Db } from '@conveyor/db';
import { createCaller } from '@/server/api/root';

/** A tRPC caller acting as a user (or signed out): the same checks as over HTTP. */
export function callerFor(db: Db, user: { id: string; email: string; name?: string | null } | null) {
  return createCaller({ db, user: user ? { id: user.id, email: user.email, name: user.name ?? null } : null });
}
