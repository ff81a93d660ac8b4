import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/features/auth/brand';
import { safeCallbackUrl } from '@/features/auth/safe-callback-url';
import { SignInForm } from '@/features/auth/sign-in-form';
import { getSessionUser } from '@/server/auth/session';
import { oidcConfig } from '@/server/auth/secret';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; email?: string }>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const oidc = oidcConfig();
  return (
    <AuthFrame>
      <h1 className="text-lg font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-500">Welcome back. Use the account your workspace invited.</p>
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={params.error ?? null}
        oidcName={oidc?.name ?? null}
        defaultEmail={params.email}
      />
      <p className="mt-6 text-xs leading-relaxed text-zinc-500">
        First start? <code className="rounded bg-zinc-100 px-1">npm start</code> printed the demo admin&apos;s email and
        password.
      </p>
    </AuthFrame>
  );
}
