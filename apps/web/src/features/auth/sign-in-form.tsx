'use client';

import { KeyRound } from 'lucide-react';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/ui/label';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match. Check them and try again.',
  TooManyAttempts: 'Too many failed attempts. Wait a minute, then try again.',
  AccessDenied: 'Your identity provider did not confirm your email address, so you cannot sign in with it.',
  OAuthSignin: 'Single sign-on could not start. Try again or use your password.',
  OAuthCallback: 'Single sign-on failed. Try again or use your password.',
  SessionRequired: 'Sign in to continue.',
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? 'Sign-in failed. Try again.';
}

export function SignInForm({
  callbackUrl,
  initialError,
  oidcName,
  defaultEmail,
}: {
  callbackUrl: string;
  initialError: string | null;
  oidcName: string | null;
  defaultEmail?: string;
}) {
  const router = useRouter();
  const [email, setEmail] = useState(defaultEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  return (
    <div className="grid gap-5">
      <form
        className="grid gap-4"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!email || !password) {
            setError('Enter your email and password.');
            return;
          }
          setPending(true);
          setError(null);
          const result = await signIn('credentials', { email, password, redirect: false, callbackUrl });
          if (!result || result.error) {
            setPending(false);
            setPassword('');
            setError(signInErrorMessage(result?.error ?? 'CredentialsSignin'));
            passwordRef.current?.focus();
            return;
          }
          router.replace(callbackUrl);
          router.refresh();
        }}
      >
        <Field label="Email">
          <Input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus={!defaultEmail}
            required
          />
        </Field>
        <Field label="Password">
          <Input
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus={Boolean(defaultEmail)}
            required
          />
        </Field>
        {error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        <Button type="submit" loading={pending} className="w-full">
          Sign in
        </Button>
      </form>
      {oidcName ? (
        <>
          <div className="flex items-center gap-3 text-xs text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200" />
            or
            <span className="h-px flex-1 bg-zinc-200" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => void signIn('oidc', { callbackUrl })}>
            <KeyRound aria-hidden />
            Continue with {oidcName}
          </Button>
        </>
      ) : null}
    </div>
  );
}
