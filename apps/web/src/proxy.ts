import { NextResponse, type NextRequest } from 'next/server';

// Session cookies next-auth v4 sets (the __Secure- one on https).
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/**
 * Sends visitors without a session cookie to sign-in, remembering where they were going.
 * Only the cookie's presence is checked here (cheap, no secret needed); pages verify the
 * session itself (requireUser / requireWorkspace) and redirect the same way when it is bad.
 */
export function proxy(request: NextRequest) {
  // Large sessions are split into `.0`, `.1`… chunks.
  const hasSession = request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name.startsWith(name)));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = '/sign-in';
  url.search = target === '/' ? '' : `?callbackUrl=${encodeURIComponent(target)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/', '/w/:path*'] };
