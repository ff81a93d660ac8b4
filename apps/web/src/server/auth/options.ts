import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/server/db';
import { AppError } from '@/server/errors';
import { linkOidcUser } from '@/server/services/auth/link-oidc-user';
import { loginThrottles } from '@/server/services/auth/login-throttle';
import { verifyCredentials } from '@/server/services/auth/verify-credentials';
import { authSecret, oidcConfig } from './secret';

export const OIDC_PROVIDER_ID = 'oidc';

/** Error strings the sign-in page understands (next-auth passes them through `?error=`). */
export const SIGN_IN_ERRORS = {
  throttled: 'TooManyAttempts',
} as const;

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  picture?: string;
}

function clientAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  const real = headers?.['x-real-ip'];
  return first || (typeof real === 'string' ? real : undefined);
}

/**
 * next-auth v4: credentials against users.password_hash (scrypt), optional OIDC, JWT
 * sessions (no session rows: every request is verified by the cookie's signature, and
 * membership is checked per workspace on each procedure).
 */
export function authOptions(): NextAuthOptions {
  const oidc = oidcConfig();
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 14 * 24 * 3600, updateAge: 24 * 3600 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          try {
            return await verifyCredentials({
              db: getDb(),
              throttle: loginThrottles(),
              email: credentials.email,
              password: credentials.password,
              clientAddress: clientAddress(req?.headers),
            });
          } catch (error) {
            if (error instanceof AppError && error.code === 'TOO_MANY_REQUESTS') {
              throw new Error(SIGN_IN_ERRORS.throttled, { cause: error });
            }
            throw error;
          }
        },
      }),
      ...(oidc
        ? [
            {
              id: OIDC_PROVIDER_ID,
              name: oidc.name,
              type: 'oauth' as const,
              wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
              clientId: oidc.clientId,
              clientSecret: oidc.clientSecret,
              authorization: { params: { scope: 'openid email profile' } },
              idToken: true,
              checks: ['pkce', 'state'] as ('pkce' | 'state')[],
              profile(profile: OidcProfile) {
                return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
              },
            },
          ]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const p = profile as OidcProfile | undefined;
        // Only a verified email may link to (or create) a Conveyor user.
        return p?.email_verified === true || p?.email_verified === 'true';
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID && profile) {
          const p = profile as OidcProfile;
          const linked = await linkOidcUser({
            db: getDb(),
            provider: OIDC_PROVIDER_ID,
            subject: p.sub,
            email: p.email,
            emailVerified: p.email_verified === true || p.email_verified === 'true',
            name: p.name,
            image: p.picture,
          });
          token.sub = linked.id;
          token.email = linked.email;
          token.name = linked.name;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
