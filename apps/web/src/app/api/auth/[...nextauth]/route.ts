import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';

export const dynamic = 'force-dynamic';

// Options are built per request: env is read lazily, so `next build` needs no secrets.
type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, context: RouteContext) {
  return NextAuth(authOptions())(req, context);
}

export { handler as GET, handler as POST };
