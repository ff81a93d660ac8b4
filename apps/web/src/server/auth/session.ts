import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { cookies } from 'next/headers';
import { authOptions } from './options';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** The signed-in user of this request (once per request in RSC), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Reading cookies first marks the page dynamic before any env is read, so `next build`
  // never tries to prerender a signed-in page.
  await cookies();
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return { id: session.user.id, email: session.user.email ?? '', name: session.user.name ?? null };
});
