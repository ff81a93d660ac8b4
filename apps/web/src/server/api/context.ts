import 'server-only';
import { getSessionUser } from '@/server/auth/session';
import { getDb } from '@/server/db';
import type { TRPCContext } from './trpc';

/** The context of a real request: the shared pool and the session's user. */
export async function createRequestContext(): Promise<TRPCContext> {
  return { db: getDb(), user: await getSessionUser() };
}
