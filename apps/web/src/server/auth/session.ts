import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { authOptions } from './options';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** The signed-in user of this request (once per request in RSC), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return { id: session.user.id, email: session.user.email ?? '', name: session.user.name ?? null };
});
